/** The console talks to the API only through the SDK and the generated operations (client/operations). */
export * from '../../../sdk/index';
