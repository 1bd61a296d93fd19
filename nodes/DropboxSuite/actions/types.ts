import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { DropboxClient } from '../../shared/client';
import type { InputChecker } from '../../shared/validate';

/** What an operation's execute() gets for one input item. */
export interface OperationContext {
	fn: IExecuteFunctions;
	itemIndex: number;
	dropbox: DropboxClient;
	/** Bad input fails here, before any request, naming the parameter and the fix. */
	check: InputChecker;
	/** Reads a parameter of this item. */
	param<T = unknown>(name: string, fallback?: T): T;
}

/** One operation: what it is, which Dropbox routes it calls, its parameters, and how it runs. */
export interface OperationDefinition {
	operation: string;
	/** Label in the Operation list, e.g. "Get Current". */
	name: string;
	/** Sentence-case action, e.g. "Get the current account". */
	action: string;
	description: string;
	/** Every Dropbox route this operation may call; its scopes follow from the route table. */
	routes: string[];
	/** The operation's own parameters; the resource/operation display options are added for it. */
	properties: INodeProperties[];
	/** Runs for one input item. */
	execute?(ctx: OperationContext): Promise<INodeExecutionData[]>;
	/**
	 * Runs once for all input items, for operations that combine them into Dropbox batch calls. Returns, for
	 * each input item in order, its output items or the error of its own entry.
	 */
	executeBatch?(ctx: BatchContext): Promise<Array<INodeExecutionData[] | Error>>;
}

/**
 * What a batch operation gets: every item's context, each with its own client (items whose settings differ
 * must not share a call), and whether the node continues on fail.
 */
export interface BatchContext {
	fn: IExecuteFunctions;
	items: OperationContext[];
	/** Without it, one bad item must stop the node before anything is launched. */
	continueOnFail: boolean;
}

export interface ResourceDefinition {
	value: string;
	name: string;
	description: string;
	/** Business-only resources (team routes) need a team-linked app. */
	teamOnly?: boolean;
	/** The operation a new node starts with: the most common one, not the first in the (alphabetical) list. */
	defaultOperation: string;
	operations: OperationDefinition[];
}

/** One row of the exported catalog. */
export interface CatalogEntry {
	resource: string;
	resourceName: string;
	operation: string;
	name: string;
	action: string;
	routes: string[];
	scopes: string[];
}
