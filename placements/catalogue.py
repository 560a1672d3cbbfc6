"""The common Dutch instruments every region's catalogue starts with (editable afterwards).

Name, kind, provider, typical maximum duration in months (None: no fixed maximum), and a
plain-language description for employers."""

STANDARD_INSTRUMENTS = [
    (
        "Loonkostensubsidie",
        "wage_cost_subsidy",
        "municipality",
        None,
        "De gemeente vult het loon aan voor een medewerker die (nog) niet het volledige "
        "minimumloon kan verdienen. Het bedrag hangt af van een loonwaardemeting op de werkplek; "
        "de beschikking geldt voor een periode en wordt daarna opnieuw beoordeeld.",
    ),
    (
        "Forfaitaire loonkostensubsidie",
        "wage_cost_subsidy",
        "municipality",
        6,
        "Een vast percentage loonkostensubsidie zonder loonwaardemeting vooraf, voor hoogstens zes "
        "maanden. Daarna volgt een loonwaardemeting en een nieuwe beschikking.",
    ),
    (
        "Loondispensatie",
        "wage_dispensation",
        "uwv",
        None,
        "Voor Wajongers: u betaalt alleen loon naar de loonwaarde van de medewerker; UWV vult het "
        "inkomen van de medewerker aan.",
    ),
    (
        "No-riskpolis",
        "no_risk",
        "either",
        60,
        "Wordt de medewerker ziek, dan betaalt UWV een ziektewetuitkering die u met het loon mag "
        "verrekenen. Zo loopt u geen extra risico bij ziekte.",
    ),
    (
        "Jobcoach",
        "job_coach",
        "either",
        36,
        "Een jobcoach begeleidt de medewerker op de werkplek en helpt collega's en leidinggevende. "
        "Meestal enkele uren per week in het eerste halfjaar, daarna afbouwend.",
    ),
    (
        "Werkplekaanpassing",
        "workplace",
        "either",
        None,
        "Vergoeding van aanpassingen aan de werkplek of hulpmiddelen die de medewerker nodig "
        "heeft, zoals een aangepaste stoel, software of een prikkelarme ruimte.",
    ),
    (
        "Proefplaatsing",
        "trial",
        "either",
        2,
        "De kandidaat werkt een korte periode met behoud van uitkering bij u mee, zodat u beiden "
        "kunt zien of het werk past, voordat u een contract aanbiedt.",
    ),
    (
        "Loonkostenvoordeel",
        "wage_cost_benefit",
        "uwv",
        36,
        "Een tegemoetkoming via de loonaangifte als u iemand uit de doelgroep in dienst neemt, "
        "bijvoorbeeld uit het doelgroepregister banenafspraak; maximaal drie jaar.",
    ),
    (
        "Praktijkroute",
        "practice_route",
        "either",
        24,
        "Leren en werken tegelijk: de medewerker haalt een praktijkverklaring of mbo-certificaat "
        "op de werkplek, met begeleiding vanuit het onderwijs.",
    ),
    (
        "Detachering",
        "secondment",
        "either",
        None,
        "De medewerker blijft in dienst van het SW- of ontwikkelbedrijf en werkt bij u; u betaalt "
        "een vergoeding en loopt geen werkgeversrisico's.",
    ),
]
