// The runtime installer (scripts/runtime.cjs) under the settings `npm start` and `npm run test:e2e` hand it: npm
// passes the project's `.npmrc` (ignore-scripts=true) to its scripts as npm_config_* variables. The native
// build must happen anyway, against Node 24's headers, and must not inherit the caller's npm settings.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const runtime = require('../scripts/runtime.cjs');

/** A package with an install script that records the npm settings it was built with. */
function packageWithInstallScript() {
	const dir = mkdtempSync(join(tmpdir(), 'runtime-test-'));
	const pkg = join(dir, 'node_modules', 'fake-native');
	mkdirSync(pkg, { recursive: true });
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { 'fake-native': '1.0.0' } }));
	writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'fake-native', version: '1.0.0', scripts: { install: 'node build.js' } }));
	writeFileSync(
		join(pkg, 'build.js'),
		`require('fs').writeFileSync(${JSON.stringify(join(dir, 'built.json'))}, JSON.stringify({
			nodedir: process.env.npm_config_nodedir,
			buildFromSource: process.env.npm_config_build_from_source,
			omit: process.env.npm_config_omit ?? null,
		}));`,
	);
	return dir;
}

describe('runtime installer', () => {
	const saved = { ...process.env };
	let dir;
	beforeEach(() => {
		dir = packageWithInstallScript();
		// What `npm start` hands its script with this project's .npmrc, plus a setting that must not leak.
		process.env.npm_config_ignore_scripts = 'true';
		process.env.npm_config_omit = 'dev';
		process.env.npm_config_registry = 'https://registry.npmjs.org/';
	});
	afterEach(() => {
		process.env = { ...saved };
		rmSync(dir, { recursive: true, force: true });
	});

	it('reproduces the fault: a plain `npm rebuild` under npm_config_ignore_scripts=true builds nothing', () => {
		const run = spawnSync('npm', ['rebuild', 'fake-native'], { cwd: dir, env: process.env, encoding: 'utf8' });
		expect(run.status).toBe(0);
		expect(existsSync(join(dir, 'built.json'))).toBe(false);
	});

	it('builds native modules whatever the caller says, against Node 24 headers, from source', async () => {
		await runtime.buildNative(dir, ['fake-native']);
		const built = JSON.parse(readFileSync(join(dir, 'built.json'), 'utf8'));
		expect(built).toEqual({ nodedir: runtime.nodeHome, buildFromSource: 'true', omit: null });
	}, 120_000);

	it('drops the caller npm settings from child environments, keeping only how to reach the registry', () => {
		const env = runtime.withoutNpmSettings({
			PATH: '/bin',
			npm_config_ignore_scripts: 'true',
			npm_config_omit: 'dev',
			npm_lifecycle_event: 'start',
			npm_config_registry: 'https://registry.example/',
			npm_config_https_proxy: 'http://proxy.example:3128',
			NPM_CONFIG_CACHE: '/tmp/cache',
		});
		expect(env).toEqual({
			PATH: '/bin',
			npm_config_registry: 'https://registry.example/',
			npm_config_https_proxy: 'http://proxy.example:3128',
			NPM_CONFIG_CACHE: '/tmp/cache',
		});
		expect(runtime.npmEnv()).toMatchObject({ npm_config_nodedir: runtime.nodeHome, npm_config_build_from_source: 'true' });
		expect(runtime.npmEnv().npm_config_ignore_scripts).toBeUndefined();
	});
});
