/** `nomad-sim chaos`: placeholder until the chaos runner lands (src/cli/chaos*.ts). */
export async function chaosMain(_argv: string[]): Promise<number> {
  process.stderr.write('nomad-sim chaos: not available in this build yet\n');
  return 2;
}
