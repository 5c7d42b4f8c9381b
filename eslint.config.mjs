// Flat ESLint config. The rule that matters most: the analysis core, the protocol and the webview
// never import `vscode` (they run in plain Node, the CLI and the browser).
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, src/protocol.ts and webview/ must not import vscode: they run outside the extension host.' }] }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '**/*.mjs', '**/*.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  { files: ['src/core/**/*.ts', 'src/protocol.ts', 'src/cli.ts', 'src/cliTable.ts', 'webview/**/*.ts'], rules: noVscode },
);
