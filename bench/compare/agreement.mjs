// How close two maps of the same method are: the largest difference as a share of the
// reference's largest magnitude (for deterministic methods), and Pearson's r (for the
// random ones, whose noise streams differ between the libraries).
export function agreement(ours, theirs) {
  if (ours.length !== theirs.length) {
    throw new Error(
      `Expected maps of the same size but received ${ours.length} and ${theirs.length} values.`,
    );
  }
  let maxDiff = 0;
  let maxRef = 0;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < ours.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
    maxRef = Math.max(maxRef, Math.abs(theirs[i]));
    ma += ours[i];
    mb += theirs[i];
  }
  ma /= ours.length;
  mb /= ours.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ours.length; i++) {
    sab += (ours[i] - ma) * (theirs[i] - mb);
    saa += (ours[i] - ma) ** 2;
    sbb += (theirs[i] - mb) ** 2;
  }
  return { relMax: maxDiff / (maxRef || 1), pearson: sab / Math.sqrt(saa * sbb || 1) };
}
