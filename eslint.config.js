import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'public/geo', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: { ...globals.node } } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // pure layers must not reach into the DOM/React/MapLibre
    files: ['src/domain/**', 'src/geo/**', 'src/engine/**', 'src/io/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['react', 'react-*', 'maplibre-gl', '../ui/*', '../map/*', '../store/*', '../app/*'] },
      ],
    },
  },
  {
    // the UI changes the plan only through the editor, never through the app shell
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/app/*'], message: 'ui imports src/editor, never src/app.' }] },
      ],
    },
  },
  {
    // the editor sits below the UI and the app shell
    files: ['src/editor/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/app/*', '**/ui/*', 'react', 'react-dom'], message: 'editor is below ui and app.' }],
        },
      ],
    },
  },
);
