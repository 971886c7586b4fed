"""The Bot API methods FakeTelegram answers, one module per kind of method."""
