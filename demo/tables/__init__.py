"""The fixed data of the demo: FICTIONAL employers, candidates and their stories, and the words
their notes and summaries are made of. Pure data, no database: the builders in demo/ read it.

employers.py      the employers (stage, size, sector, history) and their people's names and titles
conversations.py  what conversations say per topic, next actions, who takes part
candidates.py     the candidates and their stories (offers and jobs), staffing requests
profiles.py       what work profiles say, per kind of work
placements.py     follow-up notes, job coaches, decision references
"""
