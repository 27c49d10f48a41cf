export const executionProviderFlag = [
  '--execution-provider <name>',
  "ONNX Runtime's execution provider for every model pass: cpu, cuda, tensorrt, webgpu (default: cpu); several, comma-separated, in order of preference",
] as const;

/**
 * `--execution-provider`: the providers in order, or undefined for the CPU. Names are
 * checked by loadOnnxModel (which knows what this onnxruntime-node build has).
 */
export function parseExecutionProviders(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p.length > 0);
}
