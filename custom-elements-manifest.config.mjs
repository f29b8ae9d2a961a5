export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.styles.ts', 'src/croquet.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // Modules in path order, whatever order the file system lists them in, so every checkout
      // generates the same manifest (CI compares it with the committed one).
      name: 'modules-in-path-order',
      packageLinkPhase({ customElementsManifest }) {
        customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      },
    },
  ],
};
