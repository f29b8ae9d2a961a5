import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyLit from 'rollup-plugin-minify-template-literals';
import { gzipSync } from 'node:zlib';
const ext = ['@croquet/croquet'];
async function size(plugins, terserOpts = {}) {
  const b = await rollup({ input: 'dist/croquet-chat.js', external: (id) => ext.some((n) => id === n || id.startsWith(n + '/')), plugins: [...plugins, nodeResolve({ browser: true }), terser({ ecma: 2022, module: true, format: { comments: false }, ...terserOpts })], onwarn() {} });
  const { output } = await b.generate({ format: 'esm', inlineDynamicImports: true });
  return [output[0].code.length, gzipSync(output[0].code, { level: 9 }).length];
}
console.log('base', await size([]));
console.log('minlit', await size([minifyLit()]));
console.log('minlit+passes', await size([minifyLit()], { compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true } }));
const b = await rollup({ input: 'dist/croquet-chat.js', external: (id) => ['@croquet/croquet','lit','@lit','lit-html','lit-element','@lit/reactive-element'].some((n) => id === n || id.startsWith(n + '/')), plugins: [minifyLit(), nodeResolve({ browser: true }), terser({ ecma: 2022, module: true, format: { comments: false } })], onwarn() {} });
const { output } = await b.generate({ format: 'esm', inlineDynamicImports: true });
(await import('node:fs')).writeFileSync('/tmp/ours.min.js', output[0].code);
