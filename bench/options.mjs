// The benchmark scripts' command lines: `--name value` pairs after the script's path.
const argv = process.argv.slice(2);

/** The value given after `name`, or `fallback`. */
export const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};

/** Every value given after `name`, for an option that may repeat. */
export const options = (name) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
