"""Tests of the fake Bot API server, driven by a real aiogram Bot and by raw HTTP."""
