// Integration and end-to-end tests start processes and wait on real brokers: give them time.
// (Jest 30 reads testTimeout only from the global config, not per project.)
jest.setTimeout(Number(process.env.TANDEM_TEST_TIMEOUT_MS ?? 180_000));
