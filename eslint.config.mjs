// Flat config: typescript-eslint's recommended rules, plus the few that guard what we care about.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// What the core (features and the kernel) may not import: the SDKs, the wiring, the adapters, the configuration.
const CORE_BOUNDARY = ['@aws-sdk/*', '@slack/*', '**/adapters/**', '**/app/**', '**/config/**', '**/cli/**'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.aws-sam/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The SDKs are adapters: only src/adapters/aws and src/adapters/slack may import them.
    files: ['src/**/*.ts', 'handlers/**/*.ts'],
    ignores: ['src/adapters/**', 'src/features/**', 'src/kernel/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*', '@slack/*'] }],
    },
  },
  {
    // Features and the kernel are the core: no SDKs, no wiring, no adapters, no configuration.
    files: ['src/features/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: CORE_BOUNDARY }],
    },
  },
  {
    // What a notification is, and which feature posts it, is decided once, in src/app/classify.ts:
    // the alarm feature knows none of the other kinds (issue 22, "One dispatch").
    files: ['src/features/alarms/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...CORE_BOUNDARY, '**/aws-events/**', '**/generic/**', '**/spend/**'],
        },
      ],
    },
  },
  {
    // The kernel is what every feature shares, so it knows none of them.
    files: ['src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...CORE_BOUNDARY, '**/features/**'],
        },
      ],
    },
  },
  {
    files: ['bin/*.js', 'scripts/*.mjs', 'jest.config.js', 'test/support/*.js'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
