// Sizes as the Hugging Face file list prints them (decimal units), turned into bytes. The registry's
// download sizes are approximate by design: they drive progress bars and storage warnings, not checks.

export function mb(value: number): number {
  return Math.round(value * 1_000_000);
}

export function kb(value: number): number {
  return Math.round(value * 1_000);
}
