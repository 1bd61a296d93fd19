// @ts-check
// What n8n's binary store holds on disk (the harness runs it in filesystem mode), to assert that nothing was kept.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const { BinaryDataConfig } = require('n8n-core');
const { Container } = require('../harness/engine');

/** Every file below the binary store's folder, temporary files included. @returns {Set<string>} */
function storedFiles() {
	const files = new Set();
	/** @param {string} dir */
	const walk = (dir) => {
		let entries;
		try {
			entries = readdirSync(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const entry of entries) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else files.add(path);
		}
	};
	walk(Container.get(BinaryDataConfig).localStoragePath);
	return files;
}

module.exports = { storedFiles };
