// What the parts of scripts/n8n share: the checkout and the package it builds, the error start-up reports, and
// small helpers.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');

/** @type {{ name: string, version: string, n8n?: { nodes?: string[], credentials?: string[] } }} */
const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const PACKAGE_NAME = packageJson.name;

class StartError extends Error {}

/** @param {number} ms @returns {Promise<void>} */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {unknown} text @returns {string} */
function tail(text, lines = 25) {
	return String(text).trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Progress lines with a prefix, on stdout (also inside jest, which would decorate console.log).
 * @param {string} prefix @returns {(line: string) => void}
 */
const progress = (prefix) => (line) => process.stdout.write(`[${prefix}] ${line}\n`);

module.exports = { repoRoot, packageJson, PACKAGE_NAME, StartError, sleep, tail, progress };
