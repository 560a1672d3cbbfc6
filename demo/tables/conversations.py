"""What the demo conversations say: summaries per topic (with the channels each fits), the next
actions they end with, and which contact persons take part. demo/conversations.py logs them."""

from employers.models import ContactPerson, Conversation

TOPIC = Conversation.Topic
LEVEL = ContactPerson.Level

# fmt: off
# Each summary comes with the channels it fits ("visit phone" = a visit or a phone call).
SUMMARIES = {
    TOPIC.INTRODUCTION: [
        ("visit video", "Kennismaking met {c}. Het bedrijf groeit en heeft moeite om {jobs} te "
         "vinden. Uitgelegd wat het WSP doet: één loket voor gemeente en UWV, kandidaten met en "
         "zonder vacature, en ontzorging bij regelingen. {c} staat open voor een vervolggesprek."),
        ("event", "Eerste contact via de ondernemersbijeenkomst in {city}. {c} had eerder een "
         "proefplaatsing die na twee maanden stopte toen de begeleiding wegviel. Afgesproken dat "
         "we een volgende plaatsing samen beter voorbereiden."),
        ("phone", "Koud gebeld. {c} kende de Banenafspraak maar half; kort uitgelegd wie meetelt "
         "en welke ondersteuning er is. Interesse in informatie over loonkostensubsidie en de "
         "no-riskpolis."),
        ("visit", "Kennismakingsbezoek met rondleiding door {c}. Veel routinematig werk dat nu "
         "door vakkrachten gedaan wordt; kansen voor {jobs}. Nog geen ervaring met de doelgroep."),
        ("email", "Mail van {c} na het werkgeversontbijt: of we eens langs willen komen om te "
         "vertellen wat de mogelijkheden zijn. Afspraak voorgesteld voor een bezoek op locatie."),
    ],
    TOPIC.STAFFING: [
        ("visit phone video", "Vacature {job} (24 uur) besproken met {c}. Eisen doorgelopen: "
         "wat is echt nodig en wat kan op de werkvloer aangeleerd worden. Twee kandidaten in "
         "beeld; profielen in werktermen (wat kunnen ze, uren, vervoer) toegezegd."),
        ("phone email", "{c} zoekt op korte termijn {n} {jobs}. Kandidaten uit de Participatiewet "
         "en het doelgroepregister worden voorgedragen; {c} wil ze eerst een dag laten meelopen."),
        ("phone email message", "Terugkoppeling op de voordracht: de kandidaat had een goed "
         "gesprek maar kan alleen onder schooltijden werken. {c} kijkt of de ochtenddienst "
         "daarop kan worden aangepast."),
        ("phone email", "Vrijblijvend een kandidaat aangeboden zonder openstaande vacature: "
         "ervaring als {job}, zoekt 20 tot 28 uur, fietst. {c} ziet een plek en plant een "
         "kennismaking."),
        ("email message", "Mail van {c}: de {job} die dit voorjaar begon krijgt een verlenging. Ze "
         "zoeken nog iemand voor de middagploeg; gevraagd naar beschikbaarheid en reistijd."),
        ("visit video", "Gesprek met {c} over de werving voor het komende halfjaar. Niet alleen "
         "vacatures: ook gekeken naar taken die blijven liggen en waarmee een kandidaat met "
         "begeleiding kan starten."),
    ],
    TOPIC.INSTRUMENTS: [
        ("visit video", "Loonkostensubsidie toegelicht: loonwaardemeting op de werkplek, daarna "
         "een beschikking voor zes maanden. {c} wil dat wij de aanvraag regelen; het papierwerk "
         "is voor hen de grootste drempel."),
        ("email phone", "De beschikking loonkostensubsidie van een medewerker loopt over zes "
         "weken af. Afgesproken de nieuwe loonwaardemeting tijdig in te plannen, zodat "
         "beschikking en contract gelijk blijven lopen."),
        ("phone visit video", "No-riskpolis en proefplaatsing uitgelegd. {c} vroeg wat er "
         "gebeurt bij ziekte; uitgelegd dat UWV dan de loonkosten vergoedt. Overzicht van alle "
         "regelingen op één A4 toegezegd."),
        ("visit", "Werkplekaanpassing besproken voor een medewerker met rugklachten: een "
         "verstelbare werktafel. De aanvraag bij UWV samen met {c} opgesteld."),
        ("email", "Beschikking loonkostensubsidie ontvangen en doorgestuurd aan {c}, met uitleg "
         "over de uitbetaling per maand en wanneer de herbeoordeling volgt."),
    ],
    TOPIC.JOB_CARVING: [
        ("visit", "Werkprocessen op de afdeling doorgelopen met {c}. Eenvoudige taken kunnen "
         "gebundeld worden tot een nieuwe functie van {job}, zodat vakkrachten meer tijd krijgen "
         "voor hun eigen werk. Functieanalyse wordt uitgewerkt."),
        ("visit video", "Vervolg functiecreatie: het takenpakket voor de nieuwe {job} concreet "
         "gemaakt, inclusief werktijden en begeleiding. {c} legt het voor aan de directie."),
    ],
    TOPIC.GUIDANCE: [
        ("visit phone", "Gesprek met {c} over de inwerkperiode. De jobcoach komt twee uur per "
         "week; {c} vraagt om vaste afspraken over wie belt bij uitval."),
        ("email phone", "Training werkbegeleiding aangeboden; {c} wil met twee ploegleiders "
         "meedoen. Data van de regionale training doorgestuurd."),
        ("phone", "{c} belde: de jobcoach is al drie weken niet geweest en niemand heeft iets "
         "laten weten. Navraag gedaan bij de jobcoachorganisatie; er komt een vervanger."),
    ],
    TOPIC.RETENTION: [
        ("visit phone", "Nazorg: de medewerker werkt nu acht maanden en het gaat goed. Zorgpunt: "
         "de vaste werkbegeleider vertrekt volgende maand. Afgesproken dat {c} een nieuwe buddy "
         "aanwijst en dat de jobcoach een overdrachtsgesprek doet."),
        ("phone visit video", "Het contract van een medewerker loopt over twee maanden af. {c} "
         "wil verlengen maar twijfelt over een vast contract; structurele loonkostensubsidie en "
         "de no-riskpolis besproken."),
        ("visit", "Bezoek na de overstap van de vaste werkbegeleider naar een andere afdeling. De "
         "nieuwe leidinggevende kende de afspraken nog niet; met {c} de werkafspraken en de "
         "begeleidingsbehoefte doorgenomen."),
    ],
    TOPIC.HR_STRATEGY: [
        ("visit video", "Strategisch gesprek met {c} over personeelsplanning: over drie jaar gaan "
         "twaalf mensen met pensioen. Verkend hoe inclusief werven daarin past en welke functies "
         "eenvoudiger kunnen."),
        ("visit", "Sessie inclusief werkgeverschap met het MT. {c} wil inclusie opnemen in het "
         "HR-jaarplan en een interne kartrekker aanwijzen."),
        ("event", "Netwerkbijeenkomst inclusief ondernemen. {c} was aanwezig en vroeg naar de "
         "mogelijkheden voor leerwerktrajecten en detachering via het werkbedrijf."),
    ],
    TOPIC.SOCIAL_RETURN: [
        ("visit video", "Social return-verplichting uit een gemeentelijke aanbesteding "
         "besproken: {n}00 uur in te vullen. Samen gekeken welke plekken geschikt zijn voor "
         "leerwerktrajecten."),
    ],
    TOPIC.JOB_AGREEMENT: [
        ("phone video visit", "Stand Banenafspraak: {c} telt {n} banen, het doel is het "
         "dubbele. Besproken welke functies nog in aanmerking komen en hoe detachering via het "
         "werkbedrijf meetelt."),
    ],
    TOPIC.FOLLOW_UP: [
        ("visit", "Evaluatie na drie maanden proefplaatsing: de kandidaat is gemotiveerd en het "
         "tempo groeit. {c} wil een contract van zeven maanden aanbieden; loonwaardemeting "
         "inplannen."),
        ("phone", "Nagebeld na de plaatsing. De eerste weken verlopen goed; de werktijden zijn "
         "aangepast aan de busdienstregeling."),
        ("message phone", "Bericht van {c}: het gaat goed met de nieuwe collega, alleen de vroege "
         "dienst is lastig met de bus. Afgesproken te kijken naar een start om half negen."),
    ],
}
AMBASSADOR_EVENT = (
    "Werkgeversontbijt in {city}: {c} vertelde als ambassadeur over de ervaringen met "
    "functiecreatie. Drie andere ondernemers toonden interesse in een gesprek."
)
# Which levels of contact persons take part in a conversation on a topic (first choice).
TOPIC_LEVELS = {
    TOPIC.INTRODUCTION: (LEVEL.TOP, LEVEL.MIDDLE),
    TOPIC.STAFFING: (LEVEL.MIDDLE, LEVEL.TOP),
    TOPIC.INSTRUMENTS: (LEVEL.MIDDLE,),
    TOPIC.JOB_CARVING: (LEVEL.MIDDLE, LEVEL.TOP, LEVEL.FLOOR),
    TOPIC.GUIDANCE: (LEVEL.FLOOR, LEVEL.MIDDLE),
    TOPIC.RETENTION: (LEVEL.MIDDLE, LEVEL.FLOOR),
    TOPIC.HR_STRATEGY: (LEVEL.TOP, LEVEL.MIDDLE),
    TOPIC.SOCIAL_RETURN: (LEVEL.TOP, LEVEL.MIDDLE),
    TOPIC.JOB_AGREEMENT: (LEVEL.MIDDLE, LEVEL.TOP),
    TOPIC.FOLLOW_UP: (LEVEL.FLOOR, LEVEL.MIDDLE),
}
NEXT_ACTIONS = {
    TOPIC.INTRODUCTION: [
        "Vervolgafspraak met de directie plannen",
        "Informatiepakket regelingen mailen",
        "Uitnodiging werkgeversontbijt sturen",
    ],
    TOPIC.STAFFING: [
        "Twee kandidaatprofielen sturen",
        "Kennismakingsgesprek met kandidaat plannen",
        "Meeloopdag inplannen",
    ],
    TOPIC.INSTRUMENTS: [
        "Loonwaardemeting inplannen",
        "Aanvraag loonkostensubsidie indienen",
        "Overzicht regelingen op één A4 mailen",
    ],
    TOPIC.JOB_CARVING: [
        "Functieanalyse uitwerken en terugkoppelen",
        "Takenpakket nieuwe functie voorleggen",
    ],
    TOPIC.GUIDANCE: [
        "Jobcoach en werkbegeleider aan elkaar voorstellen",
        "Aanmelding training werkbegeleiding doorsturen",
    ],
    TOPIC.RETENTION: [
        "Overdrachtsgesprek jobcoach en nieuwe buddy plannen",
        "Contractverlenging bespreken met HR",
    ],
    TOPIC.HR_STRATEGY: ["Voorstel inclusieparagraaf HR-jaarplan sturen", "Sessie met MT plannen"],
    TOPIC.SOCIAL_RETURN: ["Lijst geschikte leerwerkplekken opstellen"],
    TOPIC.JOB_AGREEMENT: ["Telling Banenafspraak controleren met HR"],
    TOPIC.FOLLOW_UP: ["Evaluatie over drie maanden plannen", "Nabellen over de eerste weken"],
}
# fmt: on
