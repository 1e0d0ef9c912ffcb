// One implementation of "a port a test server can bind", shared with the client library's tests.
export { freePort } from '../../../clients/js/test/support/ports';
