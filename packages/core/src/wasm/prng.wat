;; Philox4x32-10 and Box-Muller for prng.ts's fills, as docs/rng.md specifies them: the same
;; words and the same float32 values as the JavaScript path, bit for bit (prng-wasm.test.ts).
;; Assembled into prng-bytes.ts by `node packages/core/scripts/assemble-wasm.mjs` (wabt).
;;
;; Memory (laid out by prng-wasm.ts): words at 0 (1024 blocks), float32 output at 16384,
;; cos and sin of the angle table at 32768 and 65536, log and 1/c of the radius table at 98304
;; and 147456 (indexed by j, below). Only the fills' JavaScript (prng.ts) calls it, a chunk of at
;; most 1024 blocks at a time.
(module
  (import "math" "log" (func $log (param f64) (result f64)))
  (import "math" "cos" (func $cos (param f64) (result f64)))
  (import "math" "sin" (func $sin (param f64) (result f64)))
  ;; Constants as JavaScript rounds them (1 / 6 and so on), so no decimal literal is reparsed.
  (import "k" "inv3" (global $inv3 f64))
  (import "k" "inv5" (global $inv5 f64))
  (import "k" "inv6" (global $inv6 f64))
  (import "k" "inv24" (global $inv24 f64))
  (import "k" "inv120" (global $inv120 f64))
  (import "k" "ln2" (global $ln2 f64))
  (import "k" "twoPi" (global $twoPi f64))
  (import "k" "guard" (global $guard f64))
  (memory (export "memory") 3)
  ;; How many values took the exact path (Math.log, Math.cos / Math.sin); read by the tests.
  (global $fallbacks (export "fallbacks") (mut i32) (i32.const 0))

  ;; One block, counter (c0, c1, c2, c3), key (k0, k1), into out[0..15].
  (func $block (param $out i32) (param $c0 i32) (param $c1 i32) (param $c2 i32) (param $c3 i32)
        (param $k0 i32) (param $k1 i32)
    (local $r i32) (local $p0 i64) (local $p1 i64)
    (local.set $r (i32.const 10))
    (loop $rounds
      (local.set $p0 (i64.mul (i64.extend_i32_u (local.get $c0)) (i64.const 0xD2511F53)))
      (local.set $p1 (i64.mul (i64.extend_i32_u (local.get $c2)) (i64.const 0xCD9E8D57)))
      (local.set $c0 (i32.xor (i32.xor (i32.wrap_i64 (i64.shr_u (local.get $p1) (i64.const 32)))
                                       (local.get $c1)) (local.get $k0)))
      (local.set $c2 (i32.xor (i32.xor (i32.wrap_i64 (i64.shr_u (local.get $p0) (i64.const 32)))
                                       (local.get $c3)) (local.get $k1)))
      (local.set $c1 (i32.wrap_i64 (local.get $p1)))
      (local.set $c3 (i32.wrap_i64 (local.get $p0)))
      ;; One bump too many after the last round: unused.
      (local.set $k0 (i32.add (local.get $k0) (i32.const 0x9E3779B9)))
      (local.set $k1 (i32.add (local.get $k1) (i32.const 0xBB67AE85)))
      (br_if $rounds (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
    (i32.store offset=0 (local.get $out) (local.get $c0))
    (i32.store offset=4 (local.get $out) (local.get $c1))
    (i32.store offset=8 (local.get $out) (local.get $c2))
    (i32.store offset=12 (local.get $out) (local.get $c3)))

  ;; Blocks (c0 + i, c1, c2, c3), i < count (c0 carries into c1), into out[16 i ..]: eight
  ;; blocks at a time (two groups of four SIMD lanes), then four, then the rest one by one.
  (func (export "philox") (param $out i32) (param $count i32) (param $c0 i32) (param $c1 i32)
        (param $c2 i32) (param $c3 i32) (param $k0 i32) (param $k1 i32)
    (local $left i32) (local $r i32) (local $before i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $key0 v128) (local $key1 v128) (local $hi0 v128) (local $hi1 v128)
    (local $lo0 v128) (local $lo1 v128) (local $base v128) (local $t0 v128) (local $t1 v128)
    (local $x0b v128) (local $x1b v128) (local $x2b v128) (local $x3b v128) (local $hi0b v128)
    (local $hi1b v128) (local $lo0b v128) (local $lo1b v128)
    (local.set $left (local.get $count))
    ;; Eight blocks at a time first, as two independent groups of four lanes: one group's
    ;; rounds are a chain of dependent products, and two chains keep the core busy.
    (block $octsDone
      (loop $octs
        (br_if $octsDone (i32.lt_u (local.get $left) (i32.const 8)))
        (local.set $base (i32x4.splat (local.get $c0)))
        (local.set $x0 (i32x4.add (local.get $base) (v128.const i32x4 0 1 2 3)))
        (local.set $x0b (i32x4.add (local.get $base) (v128.const i32x4 4 5 6 7)))
        ;; A lane whose c0 wrapped past 2^32 carries 1 into c1 (lt_u gives -1 there).
        (local.set $x1 (i32x4.sub (i32x4.splat (local.get $c1))
                                  (i32x4.lt_u (local.get $x0) (local.get $base))))
        (local.set $x1b (i32x4.sub (i32x4.splat (local.get $c1))
                                   (i32x4.lt_u (local.get $x0b) (local.get $base))))
        (local.set $x2 (i32x4.splat (local.get $c2)))
        (local.set $x3 (i32x4.splat (local.get $c3)))
        (local.set $x2b (local.get $x2))
        (local.set $x3b (local.get $x3))
        (local.set $key0 (i32x4.splat (local.get $k0)))
        (local.set $key1 (i32x4.splat (local.get $k1)))
        (local.set $r (i32.const 10))
        (loop $rounds8
          (local.set $hi0 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.extmul_low_i32x4_u (local.get $x0) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53))
            (i64x2.extmul_high_i32x4_u (local.get $x0) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53))))
          (local.set $hi1 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.extmul_low_i32x4_u (local.get $x2) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57))
            (i64x2.extmul_high_i32x4_u (local.get $x2) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57))))
          (local.set $lo0 (i32x4.mul (local.get $x0) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53)))
          (local.set $lo1 (i32x4.mul (local.get $x2) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57)))
          (local.set $x0 (v128.xor (v128.xor (local.get $hi1) (local.get $x1)) (local.get $key0)))
          (local.set $x2 (v128.xor (v128.xor (local.get $hi0) (local.get $x3)) (local.get $key1)))
          (local.set $x1 (local.get $lo1))
          (local.set $x3 (local.get $lo0))
          (local.set $hi0b (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.extmul_low_i32x4_u (local.get $x0b) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53))
            (i64x2.extmul_high_i32x4_u (local.get $x0b) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53))))
          (local.set $hi1b (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.extmul_low_i32x4_u (local.get $x2b) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57))
            (i64x2.extmul_high_i32x4_u (local.get $x2b) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57))))
          (local.set $lo0b (i32x4.mul (local.get $x0b) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53)))
          (local.set $lo1b (i32x4.mul (local.get $x2b) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57)))
          (local.set $x0b (v128.xor (v128.xor (local.get $hi1b) (local.get $x1b)) (local.get $key0)))
          (local.set $x2b (v128.xor (v128.xor (local.get $hi0b) (local.get $x3b)) (local.get $key1)))
          (local.set $x1b (local.get $lo1b))
          (local.set $x3b (local.get $lo0b))
          (local.set $key0 (i32x4.add (local.get $key0) (v128.const i32x4 0x9E3779B9 0x9E3779B9 0x9E3779B9 0x9E3779B9)))
          (local.set $key1 (i32x4.add (local.get $key1) (v128.const i32x4 0xBB67AE85 0xBB67AE85 0xBB67AE85 0xBB67AE85)))
          (br_if $rounds8 (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
        (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
        (v128.store offset=0 (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (v128.store offset=16 (local.get $out)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        (local.set $t0 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
        (v128.store offset=32 (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (v128.store offset=48 (local.get $out)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0b) (local.get $x1b)))
        (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2b) (local.get $x3b)))
        (v128.store offset=64 (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (v128.store offset=80 (local.get $out)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        (local.set $t0 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0b) (local.get $x1b)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2b) (local.get $x3b)))
        (v128.store offset=96 (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (v128.store offset=112 (local.get $out)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        (local.set $out (i32.add (local.get $out) (i32.const 128)))
        (local.set $before (local.get $c0))
        (local.set $c0 (i32.add (local.get $c0) (i32.const 8)))
        (if (i32.lt_u (local.get $c0) (local.get $before))
          (then (local.set $c1 (i32.add (local.get $c1) (i32.const 1)))))
        (local.set $left (i32.sub (local.get $left) (i32.const 8)))
        (br $octs)))
    (block $simdDone
      (loop $quads
        (br_if $simdDone (i32.lt_u (local.get $left) (i32.const 4)))
        (local.set $base (i32x4.splat (local.get $c0)))
        (local.set $x0 (i32x4.add (local.get $base) (v128.const i32x4 0 1 2 3)))
        ;; A lane whose c0 wrapped past 2^32 carries 1 into c1 (lt_u gives -1 there).
        (local.set $x1 (i32x4.sub (i32x4.splat (local.get $c1))
                                  (i32x4.lt_u (local.get $x0) (local.get $base))))
        (local.set $x2 (i32x4.splat (local.get $c2)))
        (local.set $x3 (i32x4.splat (local.get $c3)))
        (local.set $key0 (i32x4.splat (local.get $k0)))
        (local.set $key1 (i32x4.splat (local.get $k1)))
        (local.set $r (i32.const 10))
        (loop $rounds
          ;; The high halves of the four 64-bit products: bytes 4..7 of each.
          (local.set $hi0 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.extmul_low_i32x4_u (local.get $x0) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53))
            (i64x2.extmul_high_i32x4_u (local.get $x0) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53))))
          (local.set $hi1 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
            (i64x2.extmul_low_i32x4_u (local.get $x2) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57))
            (i64x2.extmul_high_i32x4_u (local.get $x2) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57))))
          (local.set $lo0 (i32x4.mul (local.get $x0) (v128.const i32x4 0xD2511F53 0xD2511F53 0xD2511F53 0xD2511F53)))
          (local.set $lo1 (i32x4.mul (local.get $x2) (v128.const i32x4 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57 0xCD9E8D57)))
          (local.set $x0 (v128.xor (v128.xor (local.get $hi1) (local.get $x1)) (local.get $key0)))
          (local.set $x2 (v128.xor (v128.xor (local.get $hi0) (local.get $x3)) (local.get $key1)))
          (local.set $x1 (local.get $lo1))
          (local.set $x3 (local.get $lo0))
          (local.set $key0 (i32x4.add (local.get $key0) (v128.const i32x4 0x9E3779B9 0x9E3779B9 0x9E3779B9 0x9E3779B9)))
          (local.set $key1 (i32x4.add (local.get $key1) (v128.const i32x4 0xBB67AE85 0xBB67AE85 0xBB67AE85 0xBB67AE85)))
          (br_if $rounds (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
        ;; Lanes are blocks and vectors are words: transpose into block order.
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x0) (local.get $x1)))
        (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $x2) (local.get $x3)))
        (v128.store offset=0 (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (v128.store offset=16 (local.get $out)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        (local.set $t0 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x0) (local.get $x1)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $x2) (local.get $x3)))
        (v128.store offset=32 (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
        (v128.store offset=48 (local.get $out)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
        (local.set $out (i32.add (local.get $out) (i32.const 64)))
        (local.set $before (local.get $c0))
        (local.set $c0 (i32.add (local.get $c0) (i32.const 4)))
        (if (i32.lt_u (local.get $c0) (local.get $before))
          (then (local.set $c1 (i32.add (local.get $c1) (i32.const 1)))))
        (local.set $left (i32.sub (local.get $left) (i32.const 4)))
        (br $quads)))
    (block $done
      (loop $ones
        (br_if $done (i32.eqz (local.get $left)))
        (call $block (local.get $out) (local.get $c0) (local.get $c1) (local.get $c2) (local.get $c3)
                     (local.get $k0) (local.get $k1))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $c0 (i32.add (local.get $c0) (i32.const 1)))
        (if (i32.eqz (local.get $c0)) (then (local.set $c1 (i32.add (local.get $c1) (i32.const 1)))))
        (local.set $left (i32.sub (local.get $left) (i32.const 1)))
        (br $ones))))

  ;; Uniforms (w >>> 8)·2^-24 of `count` words at `words`, as float32 at `out` (exact).
  (func (export "uniforms") (param $words i32) (param $count i32) (param $out i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $words) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $words) (local.get $end)))
        (f32.store (local.get $out)
          (f32.mul (f32.convert_i32_u (i32.shr_u (i32.load (local.get $words)) (i32.const 8)))
                   (f32.const 0x1p-24)))
        (local.set $words (i32.add (local.get $words) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $each))))

  ;; Box-Muller's radius √(−2 ln u1), u1 = m·2^-24, 1 ≤ m ≤ 2^24, without a call to Math.log:
  ;; u1 = 2^k·F·2^-24 with F in [2^23.5, 2^24.5), F = c + δ with c = j·2^12 the nearest multiple
  ;; of 4096 (|δ| ≤ 2048), ln u1 = k·ln 2 + ln(c·2^-24) + log1p(δ/c), the middle term from the
  ;; table, log1p by its series to x⁵ (|x| < 1.8e-4). Near u1 = 1 (k = 0, c = 2^24) only the
  ;; series is left, so the logarithm keeps its relative precision where the radius is small.
  ;; `reduce` gives j, δ and k; prng-wasm.test.ts measures the radius against Math's at all
  ;; 2^24 values of m.
  (func $reduce (param $m i32) (result i32 i32 i32)
    (local $e i32) (local $big i32) (local $low i32) (local $f i32) (local $k i32) (local $j i32)
    (local.set $e (i32.sub (i32.const 31) (i32.clz (local.get $m))))
    ;; big = m·2^(23 − e), in [2^23, 2^24); e = 24 only for m = 2^24. Selects, not branches:
    ;; which way F goes is a coin flip per draw, which a branch predictor cannot learn.
    (local.set $big (select
      (i32.shl (local.get $m) (i32.sub (i32.const 23) (local.get $e)))
      (i32.shr_u (local.get $m) (i32.const 1))
      (i32.le_u (local.get $e) (i32.const 23))))
    ;; 11863283 = ⌈√2·2^23⌉: below it F = 2·big and k = e − 24, from it F = big and k = e − 23.
    (local.set $low (i32.lt_u (local.get $big) (i32.const 11863283)))
    (local.set $f (i32.shl (local.get $big) (local.get $low)))
    (local.set $k (i32.sub (i32.sub (local.get $e) (i32.const 23)) (local.get $low)))
    (local.set $j (i32.shr_u (i32.add (local.get $f) (i32.const 2048)) (i32.const 12)))
    (local.get $j)
    (i32.sub (local.get $f) (i32.shl (local.get $j) (i32.const 12)))
    (local.get $k))

  (func $radius (export "radius") (param $m i32) (result f64)
    (local $j i32) (local $delta i32) (local $k i32) (local $x f64) (local $p f64)
    (call $reduce (local.get $m))
    (local.set $k) (local.set $delta) (local.set $j)
    (local.set $x (f64.mul (f64.convert_i32_s (local.get $delta))
      (f64.load offset=147456 (i32.shl (local.get $j) (i32.const 3)))))
    ;; log1p(x) = x·(1 + x·(−1/2 + x·(1/3 + x·(−1/4 + x/5)))), Horner's order.
    (local.set $p (f64.add (f64.const -0.25) (f64.mul (local.get $x) (global.get $inv5))))
    (local.set $p (f64.add (global.get $inv3) (f64.mul (local.get $x) (local.get $p))))
    (local.set $p (f64.add (f64.const -0.5) (f64.mul (local.get $x) (local.get $p))))
    (local.set $p (f64.add (f64.const 1) (f64.mul (local.get $x) (local.get $p))))
    (local.set $p (f64.mul (local.get $x) (local.get $p)))
    (f64.sqrt (f64.mul (f64.const -2)
      (f64.add
        (f64.add (f64.load offset=98304 (i32.shl (local.get $j) (i32.const 3))) (local.get $p))
        (f64.mul (f64.convert_i32_s (local.get $k)) (global.get $ln2))))))

  ;; One pair: the words at `at`, the two float32 values to `out`.
  (func $pair (param $at i32) (param $out i32)
    (local $m i32) (local $k i32) (local $t i32) (local $r f64) (local $b f64)
    (local $b2 f64) (local $cb f64) (local $sb f64) (local $ca f64) (local $sa f64)
    (local $zc f64) (local $zs f64) (local $c f32) (local $s f32) (local $exact f64)
    (local.set $m (i32.add (i32.shr_u (i32.load offset=0 (local.get $at)) (i32.const 8)) (i32.const 1)))
    (local.set $k (i32.shr_u (i32.load offset=4 (local.get $at)) (i32.const 8)))
    (local.set $r (call $radius (local.get $m)))
    ;; θ = A + B: A from the table (k >> 12), B = 2π·(k & 4095)·2^-24 by its series.
    (local.set $b (f64.mul (global.get $twoPi)
      (f64.mul (f64.convert_i32_u (i32.and (local.get $k) (i32.const 4095))) (f64.const 0x1p-24))))
    (local.set $b2 (f64.mul (local.get $b) (local.get $b)))
    (local.set $cb (f64.sub (f64.const 1)
      (f64.mul (local.get $b2) (f64.sub (f64.const 0.5) (f64.mul (local.get $b2) (global.get $inv24))))))
    (local.set $sb (f64.mul (local.get $b) (f64.sub (f64.const 1)
      (f64.mul (local.get $b2) (f64.sub (global.get $inv6) (f64.mul (local.get $b2) (global.get $inv120)))))))
    (local.set $t (i32.shl (i32.shr_u (local.get $k) (i32.const 12)) (i32.const 3)))
    (local.set $ca (f64.load offset=32768 (local.get $t)))
    (local.set $sa (f64.load offset=65536 (local.get $t)))
    (local.set $zc (f64.mul (local.get $r)
      (f64.sub (f64.mul (local.get $ca) (local.get $cb)) (f64.mul (local.get $sa) (local.get $sb)))))
    (local.set $zs (f64.mul (local.get $r)
      (f64.add (f64.mul (local.get $sa) (local.get $cb)) (f64.mul (local.get $ca) (local.get $sb)))))
    (local.set $c (f32.demote_f64 (f64.sub (local.get $zc) (global.get $guard))))
    (local.set $s (f32.demote_f64 (f64.sub (local.get $zs) (global.get $guard))))
    (if (i32.or
          (f32.ne (local.get $c) (f32.demote_f64 (f64.add (local.get $zc) (global.get $guard))))
          (f32.ne (local.get $s) (f32.demote_f64 (f64.add (local.get $zs) (global.get $guard)))))
      (then
        ;; Near a rounding boundary: the formula itself, with Math's log, cos and sin (the
        ;; radius too: within RADIUS_ERROR it could still round the other way).
        (global.set $fallbacks (i32.add (global.get $fallbacks) (i32.const 1)))
        (local.set $exact (f64.sqrt (f64.mul (f64.const -2)
          (call $log (f64.mul (f64.convert_i32_u (local.get $m)) (f64.const 0x1p-24))))))
        (local.set $b (f64.mul (global.get $twoPi)
          (f64.mul (f64.convert_i32_u (local.get $k)) (f64.const 0x1p-24))))
        (local.set $c (f32.demote_f64 (f64.mul (local.get $exact) (call $cos (local.get $b)))))
        (local.set $s (f32.demote_f64 (f64.mul (local.get $exact) (call $sin (local.get $b)))))))
    (f32.store offset=0 (local.get $out) (local.get $c))
    (f32.store offset=4 (local.get $out) (local.get $s)))

  ;; `pairs` normal pairs from the words at `words` into float32 at `out`, as prng-sincos.ts's
  ;; guardedNormalPair makes them: r·cos θ and r·sin θ from the tables, kept when every float64
  ;; within NORMAL_GUARD of each rounds to one float32, else the exact formula. Two pairs at a
  ;; time in f64x2 lanes (the same operations per lane as `pair`); when a guard fails in either
  ;; lane both pairs are redone by `pair`, which takes the exact path where it must.
  (func (export "normals") (param $words i32) (param $pairs i32) (param $out i32)
    (local $end i32) (local $ja i32) (local $da i32) (local $ka i32) (local $jb i32) (local $db i32)
    (local $kb i32) (local $ta i32) (local $tb i32) (local $ma i32) (local $ea i32) (local $biga i32)
    (local $lowa i32) (local $fa i32) (local $mb i32) (local $eb i32) (local $bigb i32)
    (local $lowb i32) (local $fb i32) (local $x v128) (local $p v128) (local $r v128)
    (local $b v128) (local $b2 v128) (local $cb v128) (local $sb v128) (local $ca v128) (local $sa v128)
    (local $zc v128) (local $zs v128) (local $lc v128) (local $ls v128)
    (local.set $end (i32.add (local.get $words) (i32.shl (i32.and (local.get $pairs) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $quad
        (br_if $done (i32.ge_u (local.get $words) (local.get $end)))
        ;; $reduce of both pairs' first words, written out here (V8 does not inline calls).
        (local.set $ma (i32.add (i32.shr_u (i32.load offset=0 (local.get $words)) (i32.const 8))
                              (i32.const 1)))
        (local.set $ea (i32.sub (i32.const 31) (i32.clz (local.get $ma))))
        (local.set $biga (select
          (i32.shl (local.get $ma) (i32.sub (i32.const 23) (local.get $ea)))
          (i32.shr_u (local.get $ma) (i32.const 1))
          (i32.le_u (local.get $ea) (i32.const 23))))
        (local.set $lowa (i32.lt_u (local.get $biga) (i32.const 11863283)))
        (local.set $fa (i32.shl (local.get $biga) (local.get $lowa)))
        (local.set $ka (i32.sub (i32.sub (local.get $ea) (i32.const 23)) (local.get $lowa)))
        (local.set $ja (i32.shr_u (i32.add (local.get $fa) (i32.const 2048)) (i32.const 12)))
        (local.set $da (i32.sub (local.get $fa) (i32.shl (local.get $ja) (i32.const 12))))
        (local.set $mb (i32.add (i32.shr_u (i32.load offset=8 (local.get $words)) (i32.const 8))
                              (i32.const 1)))
        (local.set $eb (i32.sub (i32.const 31) (i32.clz (local.get $mb))))
        (local.set $bigb (select
          (i32.shl (local.get $mb) (i32.sub (i32.const 23) (local.get $eb)))
          (i32.shr_u (local.get $mb) (i32.const 1))
          (i32.le_u (local.get $eb) (i32.const 23))))
        (local.set $lowb (i32.lt_u (local.get $bigb) (i32.const 11863283)))
        (local.set $fb (i32.shl (local.get $bigb) (local.get $lowb)))
        (local.set $kb (i32.sub (i32.sub (local.get $eb) (i32.const 23)) (local.get $lowb)))
        (local.set $jb (i32.shr_u (i32.add (local.get $fb) (i32.const 2048)) (i32.const 12)))
        (local.set $db (i32.sub (local.get $fb) (i32.shl (local.get $jb) (i32.const 12))))
        (local.set $x (f64x2.mul
          (f64x2.convert_low_i32x4_s (i32x4.replace_lane 1 (i32x4.splat (local.get $da)) (local.get $db)))
          (f64x2.replace_lane 1
            (f64x2.splat (f64.load offset=147456 (i32.shl (local.get $ja) (i32.const 3))))
            (f64.load offset=147456 (i32.shl (local.get $jb) (i32.const 3))))))
        (local.set $p (f64x2.add (v128.const f64x2 -0.25 -0.25) (f64x2.mul (local.get $x) (f64x2.splat (global.get $inv5)))))
        (local.set $p (f64x2.add (f64x2.splat (global.get $inv3)) (f64x2.mul (local.get $x) (local.get $p))))
        (local.set $p (f64x2.add (v128.const f64x2 -0.5 -0.5) (f64x2.mul (local.get $x) (local.get $p))))
        (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $x) (local.get $p))))
        (local.set $p (f64x2.mul (local.get $x) (local.get $p)))
        (local.set $r (f64x2.sqrt (f64x2.mul (v128.const f64x2 -2 -2)
          (f64x2.add
            (f64x2.add
              (f64x2.replace_lane 1
                (f64x2.splat (f64.load offset=98304 (i32.shl (local.get $ja) (i32.const 3))))
                (f64.load offset=98304 (i32.shl (local.get $jb) (i32.const 3))))
              (local.get $p))
            (f64x2.mul
              (f64x2.convert_low_i32x4_s (i32x4.replace_lane 1 (i32x4.splat (local.get $ka)) (local.get $kb)))
              (f64x2.splat (global.get $ln2)))))))
        (local.set $ta (i32.shr_u (i32.load offset=4 (local.get $words)) (i32.const 8)))
        (local.set $tb (i32.shr_u (i32.load offset=12 (local.get $words)) (i32.const 8)))
        (local.set $b (f64x2.mul (f64x2.splat (global.get $twoPi))
          (f64x2.mul
            (f64x2.convert_low_i32x4_u (i32x4.replace_lane 1
              (i32x4.splat (i32.and (local.get $ta) (i32.const 4095))) (i32.and (local.get $tb) (i32.const 4095))))
            (v128.const f64x2 0x1p-24 0x1p-24))))
        (local.set $b2 (f64x2.mul (local.get $b) (local.get $b)))
        (local.set $cb (f64x2.sub (v128.const f64x2 1 1)
          (f64x2.mul (local.get $b2)
            (f64x2.sub (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $b2) (f64x2.splat (global.get $inv24)))))))
        (local.set $sb (f64x2.mul (local.get $b) (f64x2.sub (v128.const f64x2 1 1)
          (f64x2.mul (local.get $b2)
            (f64x2.sub (f64x2.splat (global.get $inv6)) (f64x2.mul (local.get $b2) (f64x2.splat (global.get $inv120))))))))
        (local.set $ta (i32.shl (i32.shr_u (local.get $ta) (i32.const 12)) (i32.const 3)))
        (local.set $tb (i32.shl (i32.shr_u (local.get $tb) (i32.const 12)) (i32.const 3)))
        (local.set $ca (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=32768 (local.get $ta)))
                                             (f64.load offset=32768 (local.get $tb))))
        (local.set $sa (f64x2.replace_lane 1 (f64x2.splat (f64.load offset=65536 (local.get $ta)))
                                             (f64.load offset=65536 (local.get $tb))))
        (local.set $zc (f64x2.mul (local.get $r)
          (f64x2.sub (f64x2.mul (local.get $ca) (local.get $cb)) (f64x2.mul (local.get $sa) (local.get $sb)))))
        (local.set $zs (f64x2.mul (local.get $r)
          (f64x2.add (f64x2.mul (local.get $sa) (local.get $cb)) (f64x2.mul (local.get $ca) (local.get $sb)))))
        (local.set $lc (f32x4.demote_f64x2_zero (f64x2.sub (local.get $zc) (f64x2.splat (global.get $guard)))))
        (local.set $ls (f32x4.demote_f64x2_zero (f64x2.sub (local.get $zs) (f64x2.splat (global.get $guard)))))
        (if (v128.any_true (v128.or
              (f32x4.ne (local.get $lc)
                (f32x4.demote_f64x2_zero (f64x2.add (local.get $zc) (f64x2.splat (global.get $guard)))))
              (f32x4.ne (local.get $ls)
                (f32x4.demote_f64x2_zero (f64x2.add (local.get $zs) (f64x2.splat (global.get $guard)))))))
          (then
            (call $pair (local.get $words) (local.get $out))
            (call $pair (i32.add (local.get $words) (i32.const 8)) (i32.add (local.get $out) (i32.const 8))))
          (else
            ;; [c_a, s_a, c_b, s_b]
            (v128.store (local.get $out)
              (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $lc) (local.get $ls)))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $words (i32.add (local.get $words) (i32.const 16)))
        (br $quad)))
    (if (i32.and (local.get $pairs) (i32.const 1))
      (then (call $pair (local.get $words) (local.get $out)))))
)
