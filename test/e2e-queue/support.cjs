// What the queue-mode suite needs from Node itself (the package's lint keeps fs and process out of .ts files):
// its settings from the environment, worker logs, and the figures file.
'use strict';
const fs = require('node:fs');

/** QUEUE_CHANGES: how many changes the trigger areas make (at least 500 on CI; fewer for a quick local run). */
function changeCount() {
	return Math.max(1, Number(process.env.QUEUE_CHANGES ?? 500));
}

/** QUEUE_PACE_MS: the pause between groups of five changes (default 300). */
function pace() {
	return Math.max(0, Number(process.env.QUEUE_PACE_MS ?? 300));
}

/** QUEUE_AREAS: the areas to run (comma-separated names), or undefined for all. @returns {string[] | undefined} */
function chosenAreas() {
	return process.env.QUEUE_AREAS?.split(',').map((name) => name.trim()).filter(Boolean);
}

/** @param {string} file @returns {string} */
function readLog(file) {
	return fs.readFileSync(file, 'utf8');
}

/** Writes the figures to QUEUE_FIGURES_FILE when it is set. @param {string} json */
function writeFigures(json) {
	if (process.env.QUEUE_FIGURES_FILE) fs.writeFileSync(process.env.QUEUE_FIGURES_FILE, json);
}

module.exports = { changeCount, chosenAreas, pace, readLog, writeFigures };
