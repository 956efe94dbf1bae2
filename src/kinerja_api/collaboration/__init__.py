"""Collaboration programs across OPDs and agencies (festival, road project): schedule, budget,
milestones, partners, member roles and the RHK that refer to a program."""
