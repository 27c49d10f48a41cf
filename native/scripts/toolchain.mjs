// Finds the tools a native build needs before cmake-js is run, so that a missing one
// gets a one-line explanation instead of a CMake stack of errors.
import { existsSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

const isWindows = process.platform === 'win32';

/** The full path of `name` on PATH (or `name` itself when absolute and present), else undefined. */
export function which(name) {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  const exts = isWindows ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * What is missing from the toolchain, as { what, fix }, or undefined when all is there.
 * On Windows the compiler comes from Visual Studio, which cmake finds itself.
 */
export function missingTool() {
  if (!which('cmake')) {
    return {
      what: 'cmake was not found on PATH',
      fix: 'install CMake >= 3.19 (e.g. `apt-get install cmake`, `brew install cmake`, or https://cmake.org/download/)',
    };
  }
  if (isWindows) return undefined;
  const cxx = process.env.CXX?.split(' ')[0];
  if (cxx ? !which(cxx) : !['c++', 'g++', 'clang++'].some((c) => which(c))) {
    return {
      what: cxx
        ? `the C++ compiler CXX=${cxx} was not found`
        : 'no C++ compiler (c++, g++ or clang++) was found on PATH',
      fix: 'install a C++17 compiler (e.g. `apt-get install g++`, or `xcode-select --install` on macOS)',
    };
  }
  return undefined;
}
