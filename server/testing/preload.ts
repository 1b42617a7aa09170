// Loaded before every test file (bunfig.toml [test] preload).
// Tests are quiet unless REALMCORE_TEST_LOG is set (e.g. REALMCORE_TEST_LOG=debug).
process.env.NODE_ENV = "test";
