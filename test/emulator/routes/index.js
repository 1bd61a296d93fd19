// @ts-check
'use strict';

/**
 * Route handlers by route id (the path after /2/). A route of the table that is missing here answers
 * 501, so a test that needs it fails loudly instead of passing against a guess.
 * @type {Record<string, (ctx: import('../dispatch').Context) => unknown>}
 */
module.exports = {
	...require('./auth'),
	...require('./check'),
	...require('./users'),
	...require('./team'),
	...require('./team-members'),
	...require('./team-folders'),
	...require('./files-upload'),
	...require('./files-download'),
	...require('./files-ops'),
	...require('./files-list'),
	...require('./files-paper'),
	...require('./sharing-links'),
	...require('./sharing-files'),
	...require('./sharing-folders'),
	...require('./file-requests'),
	...require('./file-properties'),
};
