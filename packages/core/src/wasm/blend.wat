;; The JS kernels' perturbation blend (js-kernels/perturb.ts), out = b + m·(x − b) (+ σ·z),
;; their bilinear upsampling (js-kernels/resample.ts) and core's score-weighted mask sums
;; (weighted-mask-sums.ts), in SIMD lanes: the same float64 operations in the same order as
;; the JavaScript (the blend and the upsampling rounded once to float32 at the store, the sums
;; kept in float64), so the same bits (perturb-wasm.test.ts, weighted-mask-sums.test.ts). Four values a step: the low and high float32 pairs
;; promoted to float64x2 ($ml, $mh: the high pair through a shuffle), and the two float64x2
;; results demoted and shuffled into one float32x4. These steps are written out in each loop:
;; V8 calls a small function rather than inline it (a third of the blend's time when they were
;; functions). Assembled into blend-bytes.ts by `node packages/core/scripts/assemble-wasm.mjs`
;; (wabt).
;;
;; Memory is laid out per call by js-kernels/perturb-wasm.ts: the sample's d = x − b, b and σ as
;; float64 (one value per element of the [C, H, W] sample), then a slab of rows: their masks
;; (float32, one H×W plane per row, shared by the channels), their noise z (float32, one sample
;; per row) and their output (float32, one sample per row); by upsample-wasm.ts: the taps,
;; the scratch rows, a slab of masks in and out; by weighted-mask-sums.ts: one image's sums and
;; weights (float64), then the masks (float32).
(module
  (memory (export "memory") 1)

  ;; Flags of count float32 values at ptr: 1 if any is NaN or ±∞, 2 if any is −0.
  (func (export "scan") (param $ptr i32) (param $count i32) (result i32)
    (local $end i32) (local $vecEnd i32) (local $bad v128) (local $negZero v128) (local $v v128)
    (local $flags i32) (local $bits i32)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vecEnd
      (i32.add (local.get $ptr)
        (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $vecEnd)))
        (local.set $v (v128.load (local.get $ptr)))
        ;; All exponent bits set: NaN or an infinity.
        (local.set $bad (v128.or (local.get $bad)
          (i32x4.eq
            (v128.and (local.get $v) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
            (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))))
        (local.set $negZero (v128.or (local.get $negZero)
          (i32x4.eq (local.get $v) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
        (br $quads)))
    (local.set $flags (i32.or (v128.any_true (local.get $bad))
                              (i32.shl (v128.any_true (local.get $negZero)) (i32.const 1))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $bits (i32.load (local.get $ptr)))
        (if (i32.eq (i32.and (local.get $bits) (i32.const 0x7f800000)) (i32.const 0x7f800000))
          (then (local.set $flags (i32.or (local.get $flags) (i32.const 1)))))
        (if (i32.eq (local.get $bits) (i32.const 0x80000000))
          (then (local.set $flags (i32.or (local.get $flags) (i32.const 2)))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
        (br $tail)))
    (local.get $flags))

  ;; One channel plane of one row: out[p] = b + m[p]·d[p], count values, b one value.
  (func $spanScalar (param $m i32) (param $d i32) (param $b f64) (param $out i32) (param $count i32)
    (local $vecEnd i32) (local $end i32) (local $lo v128) (local $hi v128) (local $mv v128)
    (local $ml v128) (local $mh v128) (local $bb v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $out)
      (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (local.set $bb (f64x2.splat (local.get $b)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $out) (local.get $vecEnd)))
        (local.set $mv (v128.load (local.get $m)))
        (local.set $ml (f64x2.promote_low_f32x4 (local.get $mv)))
        (local.set $mh (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mv) (local.get $mv))))
        (local.set $lo (f64x2.add (local.get $bb)
          (f64x2.mul (local.get $ml) (v128.load (local.get $d)))))
        (local.set $hi (f64x2.add (local.get $bb)
          (f64x2.mul (local.get $mh) (v128.load offset=16 (local.get $d)))))
        (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.add (local.get $b)
          (f64.mul (f64.promote_f32 (f32.load (local.get $m))) (f64.load (local.get $d))))))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; out[p] = b[p] + m[p]·d[p], b per element.
  (func $spanArray (param $m i32) (param $d i32) (param $b i32) (param $out i32) (param $count i32)
    (local $vecEnd i32) (local $end i32) (local $lo v128) (local $hi v128) (local $mv v128)
    (local $ml v128) (local $mh v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $out)
      (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $out) (local.get $vecEnd)))
        (local.set $mv (v128.load (local.get $m)))
        (local.set $ml (f64x2.promote_low_f32x4 (local.get $mv)))
        (local.set $mh (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mv) (local.get $mv))))
        (local.set $lo (f64x2.add (v128.load (local.get $b))
          (f64x2.mul (local.get $ml) (v128.load (local.get $d)))))
        (local.set $hi (f64x2.add (v128.load offset=16 (local.get $b))
          (f64x2.mul (local.get $mh) (v128.load offset=16 (local.get $d)))))
        (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.add (f64.load (local.get $b))
          (f64.mul (f64.promote_f32 (f32.load (local.get $m))) (f64.load (local.get $d))))))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; out[p] = b[p] + m[p]·d[p] + σ[p]·z[p], b and σ per element, z the row's noise.
  (func $spanNoisy (param $m i32) (param $d i32) (param $b i32) (param $sigma i32) (param $z i32)
        (param $out i32) (param $count i32)
    (local $vecEnd i32) (local $end i32) (local $lo v128) (local $hi v128) (local $mv v128)
    (local $ml v128) (local $mh v128) (local $zv v128) (local $zl v128) (local $zh v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $out)
      (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $out) (local.get $vecEnd)))
        (local.set $mv (v128.load (local.get $m)))
        (local.set $ml (f64x2.promote_low_f32x4 (local.get $mv)))
        (local.set $mh (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mv) (local.get $mv))))
        (local.set $zv (v128.load (local.get $z)))
        (local.set $zl (f64x2.promote_low_f32x4 (local.get $zv)))
        (local.set $zh (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $zv) (local.get $zv))))
        (local.set $lo (f64x2.add
          (f64x2.add (v128.load (local.get $b))
            (f64x2.mul (local.get $ml) (v128.load (local.get $d))))
          (f64x2.mul (v128.load (local.get $sigma)) (local.get $zl))))
        (local.set $hi (f64x2.add
          (f64x2.add (v128.load offset=16 (local.get $b))
            (f64x2.mul (local.get $mh) (v128.load offset=16 (local.get $d))))
          (f64x2.mul (v128.load offset=16 (local.get $sigma)) (local.get $zh))))
        (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $sigma (i32.add (local.get $sigma) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.add
          (f64.add (f64.load (local.get $b))
            (f64.mul (f64.promote_f32 (f32.load (local.get $m))) (f64.load (local.get $d))))
          (f64.mul (f64.load (local.get $sigma)) (f64.promote_f32 (f32.load (local.get $z)))))))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $z (i32.add (local.get $z) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $sigma (i32.add (local.get $sigma) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; out[j] = b[j] + m·d[j] + σ·z[j] over a whole sample: one mask value m (a 1×1 mask) and
  ;; one σ.
  (func $spanNoisyOne (param $m f64) (param $d i32) (param $b i32) (param $sigma f64) (param $z i32)
        (param $out i32) (param $count i32)
    (local $vecEnd i32) (local $end i32) (local $lo v128) (local $hi v128) (local $zv v128)
    (local $zl v128) (local $zh v128) (local $mm v128) (local $ss v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $out)
      (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (local.set $mm (f64x2.splat (local.get $m)))
    (local.set $ss (f64x2.splat (local.get $sigma)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $out) (local.get $vecEnd)))
        (local.set $zv (v128.load (local.get $z)))
        (local.set $zl (f64x2.promote_low_f32x4 (local.get $zv)))
        (local.set $zh (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $zv) (local.get $zv))))
        (local.set $lo (f64x2.add
          (f64x2.add (v128.load (local.get $b))
            (f64x2.mul (local.get $mm) (v128.load (local.get $d))))
          (f64x2.mul (local.get $ss) (local.get $zl))))
        (local.set $hi (f64x2.add
          (f64x2.add (v128.load offset=16 (local.get $b))
            (f64x2.mul (local.get $mm) (v128.load offset=16 (local.get $d))))
          (f64x2.mul (local.get $ss) (local.get $zh))))
        (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $d (i32.add (local.get $d) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (f32.demote_f64 (f64.add
          (f64.add (f64.load (local.get $b)) (f64.mul (local.get $m) (f64.load (local.get $d))))
          (f64.mul (local.get $sigma) (f64.promote_f32 (f32.load (local.get $z)))))))
        (local.set $z (i32.add (local.get $z) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $tail))))

  ;; SmoothGrad's rows: rows samples of size values, row n with the 1×1 mask value masks[n]
  ;; (float32) and one σ, b per element, z [rows, size] float32.
  (func (export "noisyRows") (param $masks i32) (param $rows i32) (param $size i32) (param $d i32)
        (param $b i32) (param $sigma f64) (param $z i32) (param $out i32)
    (local $n i32) (local $at i32)
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $n) (local.get $rows)))
        (local.set $at (i32.shl (i32.mul (local.get $n) (local.get $size)) (i32.const 2)))
        (call $spanNoisyOne
          (f64.promote_f32
            (f32.load (i32.add (local.get $masks) (i32.shl (local.get $n) (i32.const 2)))))
          (local.get $d) (local.get $b) (local.get $sigma)
          (i32.add (local.get $z) (local.get $at)) (i32.add (local.get $out) (local.get $at))
          (local.get $size))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $row))))

  ;; rows rows of channels C planes of plane values: masks [rows, plane], d, b, σ [C·plane]
  ;; float64, z and out [rows, C·plane] float32. b is the value bScalar when b is 0 (no noise
  ;; then); z is 0 when there is no noise. The layout puts d first, so 0 is never b's or z's.
  (func (export "blend") (param $masks i32) (param $rows i32) (param $plane i32) (param $C i32)
        (param $d i32) (param $b i32) (param $bScalar f64) (param $sigma i32) (param $z i32)
        (param $out i32)
    (local $n i32) (local $c i32) (local $m i32) (local $at i32) (local $wide i32)
    (local.set $n (i32.const 0))
    (block $rowsDone
      (loop $row
        (br_if $rowsDone (i32.ge_u (local.get $n) (local.get $rows)))
        (local.set $m (i32.add (local.get $masks)
          (i32.shl (i32.mul (local.get $n) (local.get $plane)) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $channelsDone
          (loop $channel
            (br_if $channelsDone (i32.ge_u (local.get $c) (local.get $C)))
            ;; Element offset of (c, 0) in the sample, as bytes of float64 and of float32.
            (local.set $wide (i32.shl (i32.mul (local.get $c) (local.get $plane)) (i32.const 3)))
            (local.set $at (i32.shl (i32.mul (i32.add (i32.mul (local.get $n) (local.get $C))
                                                      (local.get $c)) (local.get $plane))
                                    (i32.const 2)))
            (if (local.get $z)
              (then
                (call $spanNoisy (local.get $m)
                  (i32.add (local.get $d) (local.get $wide))
                  (i32.add (local.get $b) (local.get $wide))
                  (i32.add (local.get $sigma) (local.get $wide))
                  (i32.add (local.get $z) (local.get $at))
                  (i32.add (local.get $out) (local.get $at))
                  (local.get $plane)))
            (else (if (local.get $b)
              (then
                (call $spanArray (local.get $m)
                  (i32.add (local.get $d) (local.get $wide))
                  (i32.add (local.get $b) (local.get $wide))
                  (i32.add (local.get $out) (local.get $at))
                  (local.get $plane)))
              (else
                (call $spanScalar (local.get $m) (i32.add (local.get $d) (local.get $wide))
                  (local.get $bScalar) (i32.add (local.get $out) (local.get $at))
                  (local.get $plane))))))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $channel)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $row))))

  ;; Bilinear upsampling (h ≤ H) of N masks h×w at src into N masks H×W at out, float32, as
  ;; js-kernels/resample.ts does it: the horizontal blends of the h source rows into rows
  ;; (h·W float64), then each output row from two of them. Taps as axis-taps.ts makes them:
  ;; lo, hi int32 and frac, 1 − frac float64, per output column (x...) and row (y...).
  (func (export "upsample") (param $src i32) (param $N i32) (param $h i32) (param $w i32)
        (param $H i32) (param $W i32) (param $xlo i32) (param $xhi i32) (param $xf i32)
        (param $xg i32) (param $ylo i32) (param $yhi i32) (param $yf i32) (param $yg i32)
        (param $rows i32) (param $out i32)
    (local $lo v128) (local $hi v128)
    (local $n i32) (local $sy i32) (local $x i32) (local $y i32) (local $row i32) (local $r i32)
    (local $top i32) (local $bottom i32) (local $ly v128) (local $ly0 v128) (local $vecW i32)
    (local $stride i32)
    (local.set $vecW (i32.and (local.get $W) (i32.const -4)))
    (local.set $stride (i32.shl (local.get $W) (i32.const 3)))
    (local.set $n (i32.const 0))
    (block $masksDone
      (loop $mask
        (br_if $masksDone (i32.ge_u (local.get $n) (local.get $N)))
        ;; Horizontal: rows[sy][x] = (1 − fx)·src[sy][lo x] + fx·src[sy][hi x].
        (local.set $r (local.get $rows))
        (local.set $sy (i32.const 0))
        (block $hDone
          (loop $hRow
            (br_if $hDone (i32.ge_u (local.get $sy) (local.get $h)))
            (local.set $row (i32.add (local.get $src)
              (i32.shl (i32.mul (i32.add (i32.mul (local.get $n) (local.get $h)) (local.get $sy))
                                (local.get $w)) (i32.const 2))))
            (local.set $x (i32.const 0))
            (block $xDone
              (loop $hCol
                (br_if $xDone (i32.ge_u (local.get $x) (local.get $W)))
                (f64.store (local.get $r) (f64.add
                  (f64.mul
                    (f64.load (i32.add (local.get $xg) (i32.shl (local.get $x) (i32.const 3))))
                    (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl
                      (i32.load (i32.add (local.get $xlo) (i32.shl (local.get $x) (i32.const 2))))
                      (i32.const 2))))))
                  (f64.mul
                    (f64.load (i32.add (local.get $xf) (i32.shl (local.get $x) (i32.const 3))))
                    (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl
                      (i32.load (i32.add (local.get $xhi) (i32.shl (local.get $x) (i32.const 2))))
                      (i32.const 2))))))))
                (local.set $r (i32.add (local.get $r) (i32.const 8)))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $hCol)))
            (local.set $sy (i32.add (local.get $sy) (i32.const 1)))
            (br $hRow)))
        ;; Vertical: out[y][x] = (1 − fy)·rows[lo y][x] + fy·rows[hi y][x], four at a time.
        (local.set $y (i32.const 0))
        (block $vDone
          (loop $vRow
            (br_if $vDone (i32.ge_u (local.get $y) (local.get $H)))
            (local.set $top (i32.add (local.get $rows) (i32.mul (local.get $stride)
              (i32.load (i32.add (local.get $ylo) (i32.shl (local.get $y) (i32.const 2)))))))
            (local.set $bottom (i32.add (local.get $rows) (i32.mul (local.get $stride)
              (i32.load (i32.add (local.get $yhi) (i32.shl (local.get $y) (i32.const 2)))))))
            (local.set $ly
              (v128.load64_splat (i32.add (local.get $yf) (i32.shl (local.get $y) (i32.const 3)))))
            (local.set $ly0
              (v128.load64_splat (i32.add (local.get $yg) (i32.shl (local.get $y) (i32.const 3)))))
            (local.set $x (i32.const 0))
            (block $quadsDone
              (loop $quads
                (br_if $quadsDone (i32.ge_u (local.get $x) (local.get $vecW)))
                (local.set $lo (f64x2.add (f64x2.mul (local.get $ly0) (v128.load (local.get $top)))
                                          (f64x2.mul (local.get $ly) (v128.load (local.get $bottom)))))
                (local.set $hi
                  (f64x2.add (f64x2.mul (local.get $ly0) (v128.load offset=16 (local.get $top)))
                             (f64x2.mul (local.get $ly) (v128.load offset=16 (local.get $bottom)))))
                (v128.store (local.get $out) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (f32x4.demote_f64x2_zero (local.get $lo))
                  (f32x4.demote_f64x2_zero (local.get $hi))))
                (local.set $top (i32.add (local.get $top) (i32.const 32)))
                (local.set $bottom (i32.add (local.get $bottom) (i32.const 32)))
                (local.set $out (i32.add (local.get $out) (i32.const 16)))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $quads)))
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $x) (local.get $W)))
                (f32.store (local.get $out) (f32.demote_f64 (f64.add
                  (f64.mul (f64x2.extract_lane 0 (local.get $ly0)) (f64.load (local.get $top)))
                  (f64.mul (f64x2.extract_lane 0 (local.get $ly)) (f64.load (local.get $bottom))))))
                (local.set $top (i32.add (local.get $top) (i32.const 8)))
                (local.set $bottom (i32.add (local.get $bottom) (i32.const 8)))
                (local.set $out (i32.add (local.get $out) (i32.const 4)))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $tail)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $vRow)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $mask))))

  ;; Score-weighted sums of masks (RISE's saliency): sum[p] += w[i]·m[i·plane + p] for masks
  ;; i = 0 .. count − 1, with count float32 masks of plane values at $m, count float64 weights
  ;; at $w and plane float64 sums at $sum. Two elements a step, four masks a pass over the sums
  ;; (their loads and stores), each element's terms still added one after another in the order
  ;; of i, as the JavaScript (weighted-mask-sums.ts) adds them: the same bits.
  (func (export "weightedSums") (param $m i32) (param $count i32) (param $plane i32)
        (param $w i32) (param $sum i32)
    (local $i i32) (local $p i32) (local $q i32) (local $s i32) (local $bytes i32)
    (local $pairs i32) (local $acc v128) (local $accOne f64)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local.set $bytes (i32.shl (local.get $plane) (i32.const 2)))
    (local.set $pairs (i32.and (local.get $plane) (i32.const -2)))
    (block $groupsDone
      (loop $group
        (br_if $groupsDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $count)))
        (local.set $w0 (v128.load64_splat (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $w1 (v128.load64_splat offset=8 (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $w2 (v128.load64_splat offset=16 (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $w3 (v128.load64_splat offset=24 (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
        ;; $q: mask i's element p (bytes); masks i + 1 .. i + 3 are $bytes further each.
        (local.set $q (i32.add (local.get $m) (i32.mul (local.get $i) (local.get $bytes))))
        (local.set $s (local.get $sum))
        (local.set $p (i32.const 0))
        (block $pairsDone
          (loop $pair
            (br_if $pairsDone (i32.ge_u (local.get $p) (local.get $pairs)))
            (local.set $acc (v128.load (local.get $s)))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $w0)
              (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $w1)
              (f64x2.promote_low_f32x4 (v128.load64_zero
                (i32.add (local.get $q) (local.get $bytes)))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $w2)
              (f64x2.promote_low_f32x4 (v128.load64_zero
                (i32.add (local.get $q) (i32.shl (local.get $bytes) (i32.const 1))))))))
            (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $w3)
              (f64x2.promote_low_f32x4 (v128.load64_zero
                (i32.add (local.get $q) (i32.mul (local.get $bytes) (i32.const 3))))))))
            (v128.store (local.get $s) (local.get $acc))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $pair)))
        ;; An odd plane's last element, one lane.
        (if (i32.lt_u (local.get $p) (local.get $plane))
          (then
            (local.set $accOne (f64.load (local.get $s)))
            (local.set $accOne (f64.add (local.get $accOne) (f64.mul
              (f64x2.extract_lane 0 (local.get $w0)) (f64.promote_f32 (f32.load (local.get $q))))))
            (local.set $accOne (f64.add (local.get $accOne) (f64.mul
              (f64x2.extract_lane 0 (local.get $w1))
              (f64.promote_f32 (f32.load (i32.add (local.get $q) (local.get $bytes)))))))
            (local.set $accOne (f64.add (local.get $accOne) (f64.mul
              (f64x2.extract_lane 0 (local.get $w2))
              (f64.promote_f32 (f32.load
                (i32.add (local.get $q) (i32.shl (local.get $bytes) (i32.const 1))))))))
            (local.set $accOne (f64.add (local.get $accOne) (f64.mul
              (f64x2.extract_lane 0 (local.get $w3))
              (f64.promote_f32 (f32.load
                (i32.add (local.get $q) (i32.mul (local.get $bytes) (i32.const 3))))))))
            (f64.store (local.get $s) (local.get $accOne))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $group)))
    ;; The last count mod 4 masks, one a pass.
    (block $restDone
      (loop $rest
        (br_if $restDone (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $w0 (v128.load64_splat (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $q (i32.add (local.get $m) (i32.mul (local.get $i) (local.get $bytes))))
        (local.set $s (local.get $sum))
        (local.set $p (i32.const 0))
        (block $onePairsDone
          (loop $onePair
            (br_if $onePairsDone (i32.ge_u (local.get $p) (local.get $pairs)))
            (v128.store (local.get $s) (f64x2.add (v128.load (local.get $s)) (f64x2.mul (local.get $w0)
              (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $q))))))
            (local.set $s (i32.add (local.get $s) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 8)))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $onePair)))
        (if (i32.lt_u (local.get $p) (local.get $plane))
          (then
            (f64.store (local.get $s) (f64.add (f64.load (local.get $s)) (f64.mul
              (f64x2.extract_lane 0 (local.get $w0)) (f64.promote_f32 (f32.load (local.get $q))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rest))))
)
