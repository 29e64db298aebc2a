enum _PlaceholderSwitchboardTesting {}
