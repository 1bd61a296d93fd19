// A real n8n with this package installed, as `npm start` and the e2e suite (test/e2e) both need it:
// a user folder with the packed package under .n8n/nodes/node_modules, optionally the Dropbox stand-in behind a
// loopback proxy (HTTPS_PROXY + a test CA in NODE_EXTRA_CA_CERTS), credentials and workflows imported with the
// n8n CLI, `n8n start` on loopback, an owner and a public-API key, and a stop that ends every process it started
// by PID (process group). CommonJS so that the ESM start script and the CommonJS jest suite can both load it.
//
// This file is the entry (scripts/start.mjs, test/e2e and bench require it); the parts live in scripts/n8n/:
//   instance.cjs   start-up in order and stop (N8nInstance, createN8n, startN8n); the n8n CLI (imports, execute)
//   api.cjs        a running n8n over HTTP: REST as the owner, public API, executions, webhooks
//   package.cjs    the packed package installed into the user folder; the example workflows
//   standin.cjs    the Dropbox stand-in, its proxy and test CA, and the credential holding its tokens
//   owner.cjs      the instance owner (credentials, password hash, n8n's settings for it)
//   processes.cjs  n8n processes under scripts/n8n-guard.cjs, stopped by process group; e2e user folders
//   ports.cjs      free and required ports on 127.0.0.1
//   queue.cjs      queue mode: Postgres and Redis (services.cjs), the main, workers and webhook processors
//   common.cjs     the checkout and its package, StartError, small helpers
'use strict';
const { N8nInstance, createN8n, startN8n } = require('./n8n/instance.cjs');
const { PACKAGE_NAME, StartError, progress, repoRoot } = require('./n8n/common.cjs');
const { OWNER } = require('./n8n/owner.cjs');
const { readExamples } = require('./n8n/package.cjs');
const { assertPortFree, freePort } = require('./n8n/ports.cjs');
const { QueueCluster, groupMemory } = require('./n8n/queue.cjs');
const { e2eUserFolder } = require('./n8n/processes.cjs');
const { STAND_IN, standInCredential } = require('./n8n/standin.cjs');

module.exports = {
	createN8n,
	startN8n,
	N8nInstance,
	StartError,
	STAND_IN,
	OWNER,
	PACKAGE_NAME,
	repoRoot,
	standInCredential,
	readExamples,
	progress,
	e2eUserFolder,
	assertPortFree,
	freePort,
	QueueCluster,
	groupMemory,
};
