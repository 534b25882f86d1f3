"""Services: every read and write of the evidence goes through here, handed a session and an actor."""
