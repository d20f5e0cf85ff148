"""Exports of the validated base to other systems (the GIDE wiki, the chatbot)."""
