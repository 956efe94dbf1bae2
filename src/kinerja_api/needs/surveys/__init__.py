"""Stakeholder surveys (survei kebutuhan): design, public answers, results."""
