"""Chatbot export: retrieval corpus, Rasa data files, quality checks and evaluation."""
