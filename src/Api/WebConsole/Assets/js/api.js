// Every action of the console is one of these calls to the REST API, with the session's key as a bearer token.

import * as session from './session.js';

/** An answer the console shows instead of data: the API's problem document, or a network failure. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The API answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }

  /** Field errors of a validation problem, as "field: message" lines. */
  get fieldErrors() {
    const errors = this.problem?.errors ?? {};
    return Object.entries(errors).flatMap(([name, messages]) => (Array.isArray(messages) ? messages : [messages]).map((m) => `${name}: ${m}`));
  }
}

let onUnauthorized = () => {};

/** Called when the API refuses the session's key (401), so the console can sign out. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** Calls the API; returns the parsed JSON body (null for 204), or throws an ApiError. */
export async function call(method, path, body, key) {
  const bearer = key ?? session.current()?.key;
  const headers = { Accept: 'application/json' };
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  const init = { method, headers, credentials: 'omit', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, { title: 'The API could not be reached.', detail: `The API could not be reached (${error.message}).` });
  }
  const text = await response.text();
  let parsed = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed ?? { detail: `The API answered ${response.status}.` });
    if (response.status === 401 && key === undefined) {
      onUnauthorized(error);
    }
    throw error;
  }
  return parsed;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

/** A path with its query: query values that are empty are left out. */
export function path(base, query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** A path segment, escaped. */
export const seg = (value) => encodeURIComponent(value);
