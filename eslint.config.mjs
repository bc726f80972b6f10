// ESLint (flat config): typescript-eslint's recommended rules and an import-cycle check
// (eslint-plugin-import-x no-cycle) over the sources, tests, webview and scripts. `npm run lint`.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', '.scratch/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } }, 'import-x/extensions': ['.ts', '.js'] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Run-time requires are deliberate: package.json's version, and the optional tfjs-node
      // (external in the bundles, absent on some machines).
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Tests build malformed documents on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
