// @ts-check
'use strict';

const { badInput } = require('../answers');
const { StoneError } = require('../stone');

/**
 * The route's argument decoded with its Stone type (defaults filled in); a type error is Dropbox's 400.
 * @param {import('../dispatch').Context} ctx @param {import('../stone').Validator} type
 * @returns {any}
 */
function decodeArg(ctx, type) {
	try {
		return type(ctx.arg);
	} catch (error) {
		if (error instanceof StoneError) throw badInput(ctx.route.id, `${ctx.where}: ${error.toString()}`);
		throw error;
	}
}

/** A 400 about one argument field, in Stone's words. @param {import('../dispatch').Context} ctx @param {string} field @param {string} message */
const argProblem = (ctx, field, message) => badInput(ctx.route.id, `${ctx.where}: ${field}: ${message}`);

const MIB = 1024 * 1024;
/** Bytes one request may carry (upload, append, finish, start). */
const PAYLOAD_LIMIT = 150 * MIB;
/** The largest file an upload session may build: 2^41 - 2^22. */
const MAX_FILE_SIZE = 2 ** 41 - 2 ** 22;
/** Concurrent upload sessions take pieces in multiples of this. */
const CONCURRENT_BLOCK = 4 * MIB;

module.exports = { decodeArg, argProblem, PAYLOAD_LIMIT, MAX_FILE_SIZE, CONCURRENT_BLOCK, MIB };
