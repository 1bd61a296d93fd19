// What this checkout ships into n8n: the built package (packed as npm would publish it) and the example workflows.
'use strict';
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const path = require('node:path');
const { promisify } = require('node:util');
const { repoRoot, packageJson, PACKAGE_NAME, StartError } = require('./common.cjs');

const execFileAsync = promisify(execFile);

/** Checks that the build the package ships (package.json "n8n" section) exists. */
function assertBuilt() {
	const files = [...(packageJson.n8n?.nodes ?? []), ...(packageJson.n8n?.credentials ?? [])];
	const missing = files.filter((file) => !fs.existsSync(path.join(repoRoot, file)));
	if (missing.length > 0) {
		throw new StartError(`The package is not built (${missing.join(', ')} missing). Run \`npm run build\` first.`);
	}
}

/**
 * Packs the package as npm would publish it and unpacks it where n8n keeps community packages:
 * <userFolder>/.n8n/nodes/node_modules/<name>. The package has no runtime dependencies, so nothing else is needed.
 * @param {string} userFolder
 * @returns {Promise<string>} where the package now is
 */
async function installPackedPackage(userFolder) {
	assertBuilt();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const packDir = await fsp.mkdtemp(path.join(userFolder, '.pack-'));
	try {
		const { stdout } = await execFileAsync(
			'npm',
			['pack', '--json', '--ignore-scripts', '--loglevel=error', '--pack-destination', packDir],
			{ cwd: repoRoot, maxBuffer: 32 * 1024 * 1024 },
		);
		/** @type {[{ filename: string }]} */
		const [{ filename }] = JSON.parse(stdout);
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.mkdir(target, { recursive: true });
		await execFileAsync('tar', ['-xzf', path.join(packDir, path.basename(filename)), '-C', target, '--strip-components=1']);
	} catch (error) {
		if (error instanceof StartError) throw error;
		throw new StartError(`Packing and installing ${PACKAGE_NAME} failed: ${error.stderr || error.message}`);
	} finally {
		await fsp.rm(packDir, { recursive: true, force: true });
	}
	// What npm leaves next to an installed community package; n8n keeps it when it exists.
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	/** @type {{ dependencies?: Record<string, string> }} */
	const nodesPkg = fs.existsSync(nodesPackageJson)
		? JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesPkg.dependencies = { ...nodesPkg.dependencies, [PACKAGE_NAME]: packageJson.version };
	fs.writeFileSync(nodesPackageJson, JSON.stringify(nodesPkg, null, 2) + '\n');
	return target;
}

/**
 * The example workflows shipped in examples/ (one workflow object per file).
 * @returns {{ file: string, workflow: any }[]}
 */
function readExamples(dir = path.join(repoRoot, 'examples')) {
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

module.exports = { installPackedPackage, readExamples };
