"""Running rules over a package or an election and summarising what they found."""
