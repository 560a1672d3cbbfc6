"""The words of the demo placements: follow-up notes per outcome (and for a placement at risk),
exit talks per end reason, the job coaches, and decision-reference prefixes per instrument kind.
demo/placements.py uses them."""

from placements.models import FollowUp, Placement

END = Placement.EndReason
OUTCOME = FollowUp.Outcome

# fmt: off
NOTES = {
    OUTCOME.GOING_WELL: [
        "Gaat goed; werkt zelfstandig aan de vaste taken.",
        "Werkgever tevreden over inzet en betrouwbaarheid; uren blijven gelijk.",
        "Goed ingewerkt; de vaste collega als buddy werkt goed.",
        "Het tempo groeit; wil op termijn meer uren.",
        "Gesprek met werkbegeleider en medewerker; geen aandachtspunten.",
    ],
    OUTCOME.ATTENTION: [
        "Vroege dienst lastig met de bus; starttijd verschoven naar 8.30 uur.",
        "Tempo ligt nog onder verwachting; extra instructie en een takenlijst afgesproken.",
        "Moe na lange dagen; rooster aangepast naar vier kortere dagen.",
        "Onduidelijk wie het aanspreekpunt is als de werkbegeleider er niet is; afspraken "
        "gemaakt.",
        "Samenwerking met collega's verloopt stroef; de jobcoach komt vaker langs.",
    ],
}
AT_RISK_NOTES = {
    END.GUIDANCE: "Werkbegeleider vertrokken; begeleiding op de werkvloer valt weg. Met HR "
    "gezocht naar een nieuwe buddy.",
    END.EMPLOYEE_LEFT: "Reistijd weegt zwaar; medewerker twijfelt of dit werk vol te houden is.",
    END.HEALTH: "Medewerker geeft aan het werk zwaar te vinden; uren tijdelijk teruggebracht.",
    END.DISMISSED: "Afspraken over op tijd komen vastgelegd; evaluatie over drie weken.",
}
EXIT_NOTES = {
    END.OTHER: "Eindgesprek: overstap afgesproken, afspraken over begeleiding blijven gelijk.",
    END.CONTRACT_ENDED: "Eindgesprek: werkgever tevreden, maar geen ruimte voor verlenging. "
    "Referentie toegezegd.",
    END.OTHER_JOB: "Eindgesprek: medewerker gaat naar een andere baan; werkgever staat open "
    "voor een nieuwe kandidaat.",
    END.EMPLOYEE_LEFT: "Eindgesprek: medewerker stopt zelf; zoekt werk dichter bij huis.",
    END.TASKS_GONE: "Eindgesprek: de taken zijn verdwenen; werkgever helpt bij een nieuwe plek.",
    END.GUIDANCE: "Eindgesprek: zonder vaste begeleider ging het niet langer. Les: bij vertrek "
    "van de werkbegeleider direct een opvolger regelen.",
    END.HEALTH: "Eindgesprek: in overleg gestopt; de klantmanager zoekt verder naar passend werk.",
}
COACHES = [
    ("Marjolein Vos", "Werkbedrijf Midden-Utrecht"),
    ("Erik Jan Smeets", "Jobcoach Utrecht B.V."),
    ("Soufiane Amrani", "Stichting Stap Verder"),
    ("Hester van Rijn", "JobcoachNet Midden-Nederland"),
]
REFERENCE_PREFIXES = {
    "wage_cost_subsidy": "LKS",
    "wage_dispensation": "LD",
    "no_risk": "NRP",
    "job_coach": "JC",
    "workplace": "WPA",
    "trial": "PP",
    "wage_cost_benefit": "LKV",
    "practice_route": "PR",
    "secondment": "DET",
}
CHECKPOINT_EXIT = "Eindgesprek"
# fmt: on
