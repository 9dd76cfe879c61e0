"""CliRunner tests of the cax commands."""
