export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/croquet.ts'],
  outdir: '.',
  litelement: true,
};
