// Main entry of the package: the node classes, the credential class and the operation catalog, from dist/.
// n8n itself loads the files listed in package.json's "n8n" section; this entry is for scripts and tools.
const { DropboxSuite } = require('./dist/nodes/DropboxSuite/DropboxSuite.node');
const { DropboxSuiteTrigger } = require('./dist/nodes/DropboxSuiteTrigger/DropboxSuiteTrigger.node');
const { DropboxSuitePollingTrigger } = require('./dist/nodes/DropboxSuitePollingTrigger/DropboxSuitePollingTrigger.node');
const { DropboxSuiteOAuth2Api } = require('./dist/credentials/DropboxSuiteOAuth2Api.credentials');
const { catalog } = require('./dist/nodes/DropboxSuite/actions/catalog');

module.exports = { DropboxSuite, DropboxSuiteTrigger, DropboxSuitePollingTrigger, DropboxSuiteOAuth2Api, catalog };
