"""Demo employer accounts for the demo region (Midden-Utrecht), loaded by `manage.py seed_demo`.

About fifty FICTIONAL employers (names, KvK numbers, people, phone numbers and .example web
addresses are made up): small and large, public and private, social enterprises with PSO levels,
inclusive and not yet, every relationship stage, national employers (some based in another region
with an account manager here) and ambassadors. Each gets contact persons over the three levels
(champions, people who left with a reason and successor, role changes, verifications), a history
of fixed account managers with handover notes (three employers with three changes in twelve
months, a few without a current manager), backups, and about a year of conversations with open,
overdue and completed next actions.

Everything is written through employers.services, with dates in the past. Deterministic: every
employer draws from its own random.Random seeded by its key, with dates relative to today.
Idempotent: an employer whose KvK number already exists is skipped, so a second run adds nothing.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Region
from employers import services
from employers.models import AccountAssignment, ContactPerson, Conversation, Employer

SEED = 2026
DAY = datetime.timedelta(days=1)

S = Employer.Sector
ST = Employer.Stage
PSO = Employer.PsoLevel
INCLUSIVE = Employer.Inclusion.INCLUSIVE
NOT_YET = Employer.Inclusion.NOT_YET
PUBLIC = Employer.Ownership.PUBLIC
PRIVATE = Employer.Ownership.PRIVATE
TOPIC = Conversation.Topic
STYLE = Conversation.Style
CHANNEL = Conversation.Channel
LEVEL = ContactPerson.Level


@dataclass(frozen=True)
class DemoEmployer:
    key: str  # used for the fictional web and e-mail domain
    name: str
    sector: str
    employees: int
    stage: str
    city: str
    street: str
    postcode: str
    inclusion: str = NOT_YET
    ownership: str = PRIVATE
    pso: str = ""  # a PSO level makes it a social enterprise
    social: bool = False
    national: bool = False
    home_region: str = ""  # code of the region it is based in, when not the demo region
    ambassador: bool = False
    history: str = "steady"  # none | steady | handover | turbulent | ended
    backup: bool = False
    stale: bool = False  # conversations stopped months ago
    second_location: tuple = ()  # (name, street, postcode, city)


# fmt: off
EMPLOYERS = [
    # --- strategic partners ----------------------------------------------------------------------
    DemoEmployer("lageweide-logistiek", "Distributiecentrum Lage Weide Logistiek B.V.", S.LOGISTICS,
        420, ST.STRATEGIC_PARTNER, "Utrecht", "Atoomweg 71", "3542 AB", INCLUSIVE, ambassador=True,
        history="handover", backup=True,
        second_location=("Crossdock Nieuwegein", "Ravenswade 118", "3439 LD", "Nieuwegein")),
    DemoEmployer("vijverhof", "Zorggroep De Vijverhof", S.CARE, 780, ST.STRATEGIC_PARTNER, "Zeist",
        "Vijverlaan 4", "3701 CA", INCLUSIVE, backup=True,
        second_location=("Woonzorgcentrum Den Dolder", "Dolderseweg 90", "3734 BK", "Den Dolder")),
    DemoEmployer("kromme-vaart", "Waterschap Kromme Vaart", S.GOVERNMENT, 350, ST.STRATEGIC_PARTNER,
        "Houten", "Poortdijk 2", "3991 AB", INCLUSIVE, ownership=PUBLIC),
    DemoEmployer("wilgenhof", "Groenbedrijf Het Wilgenhof", S.AGRICULTURE, 85, ST.STRATEGIC_PARTNER,
        "Nieuwegein", "Wiersdijk 31", "3433 NA", INCLUSIVE, pso=PSO.PSO_30, ambassador=True),
    DemoEmployer("vanrossum-metaal", "Metaalbewerking Van Rossum & Zn.", S.MANUFACTURING, 140,
        ST.STRATEGIC_PARTNER, "Nieuwegein", "Structuurbaan 12", "3439 MB", INCLUSIVE,
        history="handover"),
    DemoEmployer("stadshotel-oudegracht", "Stadshotel De Oudegracht", S.HOSPITALITY, 95,
        ST.STRATEGIC_PARTNER, "Utrecht", "Oudegracht 212", "3511 NS", INCLUSIVE, backup=True),
    DemoEmployer("helder-co", "Schoonmaakbedrijf Helder & Co", S.BUSINESS_SERVICES, 610,
        ST.STRATEGIC_PARTNER, "Utrecht", "Proostwetering 25", "3543 AB", INCLUSIVE, ambassador=True,
        history="turbulent", backup=True),
    DemoEmployer("buurtvers", "Supermarktketen BuurtVers", S.RETAIL, 9500, ST.STRATEGIC_PARTNER,
        "Utrecht", "Vleutensevaart 100", "3532 AD", INCLUSIVE, national=True,
        home_region="groot-amsterdam", history="handover"),
    DemoEmployer("stichtse-poort", "Hogeschool Stichtse Poort", S.EDUCATION, 2400,
        ST.STRATEGIC_PARTNER, "Utrecht", "Heidelberglaan 150", "3584 CS", INCLUSIVE,
        ownership=PUBLIC, backup=True),
    DemoEmployer("zwarte-boon", "Koffiebranderij De Zwarte Boon", S.MANUFACTURING, 38,
        ST.STRATEGIC_PARTNER, "Utrecht", "Cartesiusweg 90", "3534 BD", INCLUSIVE, pso=PSO.STEP_3,
        ambassador=True),
    # --- active relationships --------------------------------------------------------------------
    DemoEmployer("verkerk-bouw", "Bouwbedrijf Gebr. Verkerk", S.CONSTRUCTION, 180, ST.ACTIVE,
        "Houten", "Meidoornkade 14", "3992 AE", INCLUSIVE, history="handover"),
    DemoEmployer("stichtse-vecht-installatie", "Installatietechniek Vechtstreek B.V.",
        S.CONSTRUCTION, 65, ST.ACTIVE, "Maarssen", "Industrieweg 34", "3606 AS", NOT_YET,
        history="turbulent"),
    DemoEmployer("groene-zoom", "Tuincentrum De Groene Zoom", S.RETAIL, 70, ST.ACTIVE, "Bilthoven",
        "Soestdijkseweg Zuid 250", "3721 AL", INCLUSIVE),
    DemoEmployer("drukkerij-lijnbaan", "Drukkerij Lijnbaan", S.MANUFACTURING, 45, ST.ACTIVE,
        "Utrecht", "Nijverheidsweg 3", "3534 AM", INCLUSIVE, stale=True),
    DemoEmployer("snelbezorgd", "Pakketdienst SnelBezorgd", S.LOGISTICS, 3200, ST.ACTIVE,
        "Nieuwegein", "Laagraven 60", "3439 LK", INCLUSIVE, national=True, home_region="rijnmond"),
    DemoEmployer("blauwe-laken", "Wasserij Het Blauwe Laken", S.BUSINESS_SERVICES, 120, ST.ACTIVE,
        "IJsselstein", "Lage Dijk 8", "3401 RG", INCLUSIVE, pso=PSO.STEP_2, backup=True),
    DemoEmployer("kruidentuin", "Restaurant & Catering De Kruidentuin", S.HOSPITALITY, 28,
        ST.ACTIVE, "Zeist", "Slotlaan 41", "3701 GH", INCLUSIVE),
    DemoEmployer("rud-krommerijn", "Regionale Uitvoeringsdienst Kromme Rijn", S.GOVERNMENT, 230,
        ST.ACTIVE, "Bunnik", "Kosterijland 20", "3981 AJ", NOT_YET, ownership=PUBLIC,
        history="handover"),
    DemoEmployer("datavloed", "IT-dienstverlener Datavloed B.V.", S.ICT, 110, ST.ACTIVE, "Utrecht",
        "Papendorpseweg 99", "3528 BJ", NOT_YET, history="turbulent"),
    DemoEmployer("domtoren-verzekeringen", "Domtoren Verzekeringen N.V.", S.FINANCE, 1300,
        ST.ACTIVE, "Utrecht", "Croeselaan 300", "3521 CB", INCLUSIVE),
    DemoEmployer("trapkracht", "Fietsenfabriek Trapkracht", S.MANUFACTURING, 260, ST.ACTIVE,
        "Houten", "Het Kwadrant 7", "3994 DA", INCLUSIVE, history="handover", backup=True),
    DemoEmployer("thuiszorg-krommerijn", "Thuiszorg Kromme Rijn", S.CARE, 540, ST.ACTIVE, "Bunnik",
        "Stationsweg 11", "3981 CA", INCLUSIVE),
    DemoEmployer("nedereind-schade", "Autoschadeherstel Nedereind", S.OTHER, 22, ST.ACTIVE,
        "Nieuwegein", "Einsteinbaan 5", "3439 NJ", NOT_YET, history="ended"),
    DemoEmployer("klusrijk", "Bouwmarktketen Klusrijk", S.RETAIL, 4100, ST.ACTIVE, "Nieuwegein",
        "Nevadadreef 40", "3437 JN", INCLUSIVE, national=True),
    DemoEmployer("speelkwartier", "Kinderopvang Het Speelkwartier", S.CARE, 150, ST.ACTIVE,
        "Woerden", "Waardsebaan 6", "3447 GH", INCLUSIVE),
    DemoEmployer("lekstreek-vleeswaren", "Vleeswarenfabriek De Lekstreek", S.MANUFACTURING, 300,
        ST.ACTIVE, "Lopik", "Zuidzijdseweg 21", "3411 MS", INCLUSIVE, history="turbulent"),
    DemoEmployer("vechtoever", "Cultureel Centrum De Vechtoever", S.CULTURE, 60, ST.ACTIVE,
        "Maarssen", "Kerkweg 9", "3603 CM", INCLUSIVE, ownership=PUBLIC, stale=True),
    DemoEmployer("vanderwal-transport", "Transportbedrijf Van der Wal & Dochters", S.LOGISTICS, 75,
        ST.ACTIVE, "IJsselstein", "Podium 18", "3402 DP", INCLUSIVE),
    DemoEmployer("ploeg-partners", "Accountantskantoor Ploeg & Partners", S.FINANCE, 48, ST.ACTIVE,
        "Zeist", "Utrechtseweg 123", "3702 AD", NOT_YET, history="handover"),
    DemoEmployer("lekboog", "Sportcentrum De Lekboog", S.CULTURE, 40, ST.ACTIVE, "Nieuwegein",
        "Sportlaan 3", "3431 BW", INCLUSIVE),
    DemoEmployer("stadsgroen-utrecht", "Stadsgroen Werkt", S.AGRICULTURE, 190, ST.ACTIVE, "Utrecht",
        "Zuilenselaan 2", "3555 EA", INCLUSIVE, ownership=PUBLIC, pso=PSO.PSO_30),
    DemoEmployer("hofstede-bakkers", "Banketbakkerij Hofstede", S.MANUFACTURING, 55, ST.ACTIVE,
        "Vianen", "Stuartweg 10", "4131 NJ", NOT_YET, history="handover"),
    # --- introduction ----------------------------------------------------------------------------
    DemoEmployer("korenbloem", "Bakkerij Korenbloem", S.MANUFACTURING, 18, ST.INTRODUCTION,
        "Houten", "Onderdoor 27", "3995 DW", NOT_YET),
    DemoEmployer("groen-loont", "Hoveniersbedrijf Groen Loont", S.AGRICULTURE, 12, ST.INTRODUCTION,
        "Bunnik", "Provincialeweg 44", "3981 HB", NOT_YET),
    DemoEmployer("stemwerk", "Klantcontactcentrum Stemwerk", S.BUSINESS_SERVICES, 210,
        ST.INTRODUCTION, "Utrecht", "Kanaalweg 17", "3526 KL", NOT_YET, history="handover"),
    DemoEmployer("mortierpad", "Apotheek Het Mortierpad", S.CARE, 14, ST.INTRODUCTION, "Zeist",
        "Mortierpad 2", "3705 AB", NOT_YET),
    DemoEmployer("bitbrouwerij", "Softwarehuis Bitbrouwerij", S.ICT, 35, ST.INTRODUCTION, "Utrecht",
        "Jaarbeursplein 6", "3521 AL", NOT_YET),
    DemoEmployer("nachtrust", "Hotelketen Nachtrust", S.HOSPITALITY, 1800, ST.INTRODUCTION,
        "Utrecht", "Stationsplein 20", "3511 ED", NOT_YET, national=True, home_region="haaglanden"),
    DemoEmployer("lekdijk-kwekerij", "Bloemenkwekerij De Lekdijk", S.AGRICULTURE, 55,
        ST.INTRODUCTION, "Lopik", "Lekdijk West 12", "3411 MC", INCLUSIVE),
    DemoEmployer("midden-stad-belastingen", "Belastingsamenwerking Midden-Stad", S.GOVERNMENT, 320,
        ST.INTRODUCTION, "Utrecht", "Archimedeslaan 6", "3584 BA", NOT_YET, ownership=PUBLIC),
    DemoEmployer("autoplein-vianen", "Garagebedrijf Autoplein Vianen", S.OTHER, 30, ST.INTRODUCTION,
        "Vianen", "Lange Dreef 13", "4131 NJ", NOT_YET, history="none"),
    DemoEmployer("houtnerf", "Meubelmakerij Houtnerf", S.MANUFACTURING, 24, ST.INTRODUCTION,
        "IJsselstein", "Nijverheidsweg 21", "3401 MC", INCLUSIVE, pso=PSO.STEP_1),
    # --- prospects -------------------------------------------------------------------------------
    DemoEmployer("lijn-licht", "Architectenbureau Lijn & Licht", S.BUSINESS_SERVICES, 16,
        ST.PROSPECT, "Utrecht", "Maliesingel 38", "3581 BK", NOT_YET, history="none"),
    DemoEmployer("celvia", "Laboratorium Celvia B.V.", S.OTHER, 140, ST.PROSPECT, "Bilthoven",
        "Professor Bronkhorstlaan 10", "3723 MB", NOT_YET),
    DemoEmployer("feestfabriek", "Evenementenbureau Feestfabriek", S.CULTURE, 9, ST.PROSPECT,
        "Utrecht", "Vaartsche Rijn 5", "3523 AC", NOT_YET, history="none"),
    DemoEmployer("polarhaven", "Koel- en vriesopslag Polarhaven", S.LOGISTICS, 95, ST.PROSPECT,
        "Nieuwegein", "Newtonbaan 22", "3439 NK", NOT_YET),
    DemoEmployer("regenvast", "Dakdekkersbedrijf Regenvast", S.CONSTRUCTION, 20, ST.PROSPECT,
        "Woerden", "Botnische Golf 9", "3446 CN", NOT_YET, history="none"),
    DemoEmployer("stofwissel", "Modeketen Stofwissel", S.RETAIL, 2600, ST.PROSPECT, "Utrecht",
        "Vredenburg 40", "3511 BD", NOT_YET, national=True),
    DemoEmployer("beweegpunt", "Fysiotherapie Beweegpunt", S.CARE, 11, ST.PROSPECT, "Houten",
        "Het Rond 6", "3995 DN", NOT_YET, history="none"),
    DemoEmployer("groeikracht", "Adviesbureau Groeikracht", S.BUSINESS_SERVICES, 60, ST.PROSPECT,
        "Zeist", "Driebergseweg 17", "3708 JA", NOT_YET),
    DemoEmployer("wilde-wilg", "Brouwerij De Wilde Wilg", S.MANUFACTURING, 26, ST.PROSPECT,
        "Wijk bij Duurstede", "Steenstraat 14", "3961 BH", INCLUSIVE, social=True),
    DemoEmployer("kristalhelder", "Glashandel Kristalhelder", S.CONSTRUCTION, 33, ST.PROSPECT,
        "Maarssen", "Bisonspoor 3", "3605 JW", NOT_YET),
]

FIRST_NAMES = [
    "Anne", "Bram", "Chantal", "Daan", "Esther", "Frank", "Gerda", "Hans", "Ingrid", "Jeroen",
    "Karin", "Lars", "Marieke", "Nadia", "Olaf", "Petra", "Rachid", "Sevda", "Tim", "Wendy",
    "Yusuf", "Zeynep", "Kees", "Linda", "Mohamed", "Priya", "Sjoerd", "Ilse", "Dewi", "Wouter",
    "Noor", "Ayşe", "Gijs", "Hanneke", "Bilal", "Marloes", "Ruud", "Femke", "Thijs", "Naima",
]
LAST_NAMES = [
    "Jansen", "de Boer", "Visser", "Smit", "Meijer", "de Graaf", "Mulder", "Bos", "Vos", "Peters",
    "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Kaya", "Bouzid",
    "Öztürk", "van den Berg", "Kuipers", "Veenstra", "Wijnands", "Postma", "Ramdin", "Tjon A Fong",
    "Nieuwenhuis", "van Beek", "El Idrissi", "Schouten", "Verhoef", "Lammers",
]

# Work in the sector, singular and plural, as the summaries speak about it.
SECTOR_JOBS = {
    S.AGRICULTURE: [
        ("medewerker groenonderhoud", "medewerkers groenonderhoud"),
        ("kwekerijmedewerker", "kwekerijmedewerkers"),
    ],
    S.MANUFACTURING: [
        ("productiemedewerker", "productiemedewerkers"),
        ("inpakmedewerker", "inpakmedewerkers"),
    ],
    S.CONSTRUCTION: [
        ("bouwplaatsassistent", "bouwplaatsassistenten"),
        ("magazijnmedewerker", "magazijnmedewerkers"),
    ],
    S.RETAIL: [
        ("vakkenvuller", "vakkenvullers"),
        ("medewerker logistiek", "logistiek medewerkers"),
    ],
    S.LOGISTICS: [("orderpicker", "orderpickers"), ("bijrijder", "bijrijders")],
    S.HOSPITALITY: [
        ("afwasmedewerker", "afwasmedewerkers"),
        ("medewerker housekeeping", "medewerkers housekeeping"),
    ],
    S.ICT: [
        ("testmedewerker", "testmedewerkers"),
        ("medewerker hardwarerecycling", "medewerkers hardwarerecycling"),
    ],
    S.FINANCE: [
        ("medewerker scanstraat", "medewerkers scanstraat"),
        ("administratief medewerker", "administratief medewerkers"),
    ],
    S.BUSINESS_SERVICES: [
        ("schoonmaakmedewerker", "schoonmaakmedewerkers"),
        ("medewerker facilitaire dienst", "medewerkers facilitaire dienst"),
    ],
    S.GOVERNMENT: [
        ("medewerker post en archief", "medewerkers post en archief"),
        ("medewerker buitendienst", "medewerkers buitendienst"),
    ],
    S.EDUCATION: [("conciërge", "conciërges"), ("medewerker facilitair", "facilitair medewerkers")],
    S.CARE: [
        ("medewerker huishouding", "medewerkers huishouding"),
        ("gastvrouw of gastheer", "gastvrouwen en gastheren"),
    ],
    S.CULTURE: [
        ("medewerker ontvangst", "medewerkers ontvangst"),
        ("terreinmedewerker", "terreinmedewerkers"),
    ],
    S.OTHER: [
        ("werkplaatsmedewerker", "werkplaatsmedewerkers"),
        ("medewerker logistiek", "logistiek medewerkers"),
    ],
}

KNOWLEDGE = {
    "work": [
        "Ploegendienst (vroeg/laat), veel fysiek werk; eenvoudige taken zijn goed af te bakenen.",
        "Vooral dagdiensten van 8 tot 16.30 uur; afwisseling tussen routinewerk en klantcontact.",
        "Seizoenspieken in het voorjaar en rond de feestdagen; dan zijn extra handen welkom.",
        "Werk in kleine vaste teams; taken per dag op een whiteboard verdeeld.",
    ],
    "culture": [
        "Informeel en direct; de eigenaar loopt dagelijks over de werkvloer.",
        "Familiebedrijf met veel medewerkers die er al lang werken; hechte sfeer.",
        "Groot bedrijf met duidelijke procedures; HR beslist, de teamleider bepaalt de dagelijkse "
        "gang van zaken.",
        "Maatschappelijk betrokken; inclusie staat in het jaarplan.",
    ],
    "accessibility": [
        "Goed bereikbaar met bus en fiets; rolstoeltoegankelijk op de begane grond.",
        "Bedrijventerrein; 's ochtends vroeg slecht bereikbaar met het openbaar vervoer.",
        "Rustige werkplek mogelijk in de aparte inpakruimte; kantine kan druk zijn.",
        "Lift aanwezig; parkeerplaats voor de deur.",
    ],
    "guidance": [
        "Twee getrainde werkbegeleiders; jobcoach van buiten is welkom.",
        "Begeleiding door de ploegleider; weinig tijd in piekperiodes.",
        "Vaste buddy per nieuwe medewerker; eerste twee weken samen ingeroosterd.",
        "Nog geen ervaring met begeleiding; wil graag een jobcoach erbij.",
    ],
}

TOP_TITLES = ["Directeur-eigenaar", "Algemeen directeur", "Vestigingsmanager", "Bedrijfsleider"]
MIDDLE_TITLES = [
    "HR-adviseur", "HR-manager", "P&O-adviseur", "Operationeel manager", "Teamleider productie",
    "Recruiter",
]
FLOOR_TITLES = [
    "Werkbegeleider", "Ploegleider", "Meewerkend voorman", "Chef-kok", "Senior medewerker / buddy",
    "Coördinator werkvloer",
]
LEFT_REASONS = [
    "Andere baan buiten de regio",
    "Met pensioen",
    "Interne overstap naar het hoofdkantoor",
    "Einde contract",
    "Reorganisatie: functie vervallen",
    "Langdurig uitgevallen; taken overgedragen",
]

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
HANDOVER_NOTES = [
    "Ik ga naar het team in {city2}. {c} is het vaste aanspreekpunt; er loopt een aanvraag "
    "loonkostensubsidie voor een {job}. De jobcoach komt op dinsdag. Directie wil dit jaar nog "
    "een extra plek creëren.",
    "Overdracht wegens herverdeling van de portefeuille. Goede relatie met {c}, die graag "
    "één vast gezicht wil. Let op: de beschikking van een medewerker verloopt binnenkort.",
    "Wegens langdurige afwezigheid overgedragen. Openstaand: twee voordrachten voor {jobs} en "
    "een evaluatie na de proefplaatsing. {c} weet van de wissel.",
    "Caseloads herverdeeld, daarom draag ik over. {c} is het vaste aanspreekpunt en zeer "
    "betrokken; bel liever dan mailen. Functiecreatie voor {jobs} is in voorbereiding.",
]
CITY2 = ["Zeist", "Nieuwegein", "Utrecht-West", "Houten"]
# fmt: on


def load(*, region, managers, team_lead, today=None):
    """Create the demo employers in `region`; returns how many were new.

    `managers`: the account managers who hold the employers (at least four, so that histories
    can change hands); `team_lead` assigns and logs some events.
    """
    managers = list(managers)
    if len(managers) < 4:
        raise ValueError("the demo needs at least four account managers")
    today = today or timezone.localdate()
    regions = {r.code: r for r in Region.objects.filter(code__in=_home_region_codes())}
    created = 0
    with transaction.atomic():
        for index, spec in enumerate(EMPLOYERS):
            kvk = _kvk_number(index)
            if Employer.objects.filter(kvk_number=kvk).exists():
                continue
            builder = _EmployerBuilder(
                spec=spec,
                index=index,
                kvk=kvk,
                region=region,
                home_region=regions.get(spec.home_region, region),
                managers=managers,
                team_lead=team_lead,
                today=today,
            )
            builder.build()
            created += 1
    return created


def _home_region_codes():
    return {spec.home_region for spec in EMPLOYERS if spec.home_region}


def _kvk_number(index):
    # 104729 is coprime with 10**7, so every index gives a different, random-looking number.
    return f"9{(index * 104_729 + 3_131_337) % 10_000_000:07d}"


class _EmployerBuilder:
    def __init__(self, *, spec, index, kvk, region, home_region, managers, team_lead, today):
        self.spec = spec
        self.index = index
        self.kvk = kvk
        self.region = region  # the demo region, where the assignments live
        self.home_region = home_region
        self.managers = managers
        self.team_lead = team_lead
        self.today = today
        self.rng = random.Random(f"{SEED}:{spec.key}")
        self.jobs = SECTOR_JOBS[spec.sector]
        self.contacts = []  # [contact, active_since, left_on, date of its latest event]
        self.segments = []  # [manager, started_on, ended_on]

    # -- helpers ------------------------------------------------------------------------------
    def days_ago(self, low, high):
        return self.today - self.rng.randint(low, high) * DAY

    def weekday(self, day):
        if day.weekday() == 5:
            day -= DAY
        elif day.weekday() == 6:
            day = day + DAY if day + DAY <= self.today else day - 2 * DAY
        return day

    def person_name(self):
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def email_for(self, name):
        local = name.split()[0].lower().replace("ş", "s")
        return f"{local}@{self.spec.key}.example"

    def phone(self):
        return f"030 {self.rng.randint(200, 799)} {self.rng.randint(1000, 9999)}"

    # -- the employer -------------------------------------------------------------------------
    def build(self):
        self.plan_assignments()
        creator = self.segments[0][0] if self.segments else self.team_lead
        self.employer = self.create_employer(creator)
        self.add_locations(creator)
        self.add_contacts(creator)
        self.assign_managers()
        self.log_conversations()

    def create_employer(self, creator):
        spec, rng = self.spec, self.rng
        stage_rank = [ST.PROSPECT, ST.INTRODUCTION, ST.ACTIVE, ST.STRATEGIC_PARTNER].index(
            spec.stage
        )
        knows_them = stage_rank >= 2
        fields = {
            "name": spec.name,
            "kvk_number": self.kvk,
            "ownership": spec.ownership,
            "sector": spec.sector,
            "employee_count": spec.employees,
            "is_social_enterprise": bool(spec.pso) or spec.social,
            "pso_level": spec.pso,
            "inclusion": spec.inclusion,
            "stage": spec.stage,
            "style_vacancy_filling": stage_rank >= 1,
            "style_unburdening": stage_rank >= 2,
            "style_strategic": stage_rank == 3,
            "is_national": spec.national,
            "is_ambassador": spec.ambassador,
            "website": f"https://www.{spec.key}.example",
            "phone": self.phone(),
        }
        if knows_them:
            fields.update(
                knowledge_work=rng.choice(KNOWLEDGE["work"]),
                knowledge_culture=rng.choice(KNOWLEDGE["culture"]),
                knowledge_accessibility=rng.choice(KNOWLEDGE["accessibility"]),
                knowledge_guidance=rng.choice(KNOWLEDGE["guidance"]),
            )
        elif stage_rank == 1:
            fields["knowledge_work"] = rng.choice(KNOWLEDGE["work"])
        if spec.inclusion == NOT_YET and stage_rank >= 1 and rng.random() < 0.5:
            fields["knowledge_culture"] = (
                "Eerdere korte ervaring met een proefplaatsing die stopte toen de begeleiding "
                "wegviel; wil het nu beter voorbereid doen."
            )
        return services.employer_create(region=self.home_region, by=creator, **fields)

    def add_locations(self, by):
        spec = self.spec
        services.location_add(
            employer=self.employer,
            by=by,
            name="Hoofdvestiging",
            street=spec.street,
            postcode=spec.postcode,
            city=spec.city,
            is_main=True,
        )
        if spec.second_location:
            name, street, postcode, city = spec.second_location
            services.location_add(
                employer=self.employer,
                by=by,
                name=name,
                street=street,
                postcode=postcode,
                city=city,
            )

    # -- contact persons ----------------------------------------------------------------------
    def add_contacts(self, by):
        spec, rng = self.spec, self.rng
        size = {ST.PROSPECT: (1, 2), ST.INTRODUCTION: (2, 3), ST.ACTIVE: (3, 5)}.get(
            spec.stage, (4, 6)
        )
        count = max(2, rng.randint(*size))
        plan = [LEVEL.TOP, LEVEL.MIDDLE, LEVEL.FLOOR, LEVEL.MIDDLE, LEVEL.FLOOR, LEVEL.FLOOR]
        champion_at = None
        if spec.inclusion == INCLUSIVE or spec.stage in (ST.ACTIVE, ST.STRATEGIC_PARTNER):
            champion_at = rng.choice([1, 2]) if count > 2 else 1
        for position in range(count):
            level = plan[position]
            self.add_contact(
                by=by,
                level=level,
                champion=position == champion_at,
                active_since=self.days_ago(400, 2400),
            )
        self.verify_contacts(by)
        self.change_roles(by)
        self.mark_leavers(by)

    def add_contact(self, *, by, level, champion, active_since):
        rng = self.rng
        titles = {LEVEL.TOP: TOP_TITLES, LEVEL.MIDDLE: MIDDLE_TITLES, LEVEL.FLOOR: FLOOR_TITLES}
        title = rng.choice(titles[level])
        if level == LEVEL.TOP and self.spec.employees < 50:
            title = "Directeur-eigenaar"
        name = self.person_name()
        contact = services.contact_add(
            employer=self.employer,
            by=by,
            name=name,
            job_title=title,
            level=level,
            is_director=level == LEVEL.TOP,
            is_hr=level == LEVEL.MIDDLE and title.startswith(("HR", "P&O", "Recruiter")),
            is_supervisor=level == LEVEL.FLOOR,
            is_champion=champion,
            phone=self.phone() if rng.random() < 0.8 else "",
            email=self.email_for(name),
            active_since=active_since,
        )
        self.contacts.append([contact, active_since, None, active_since])
        return contact

    def verify_contacts(self, by):
        for row in self.contacts:
            roll = self.rng.random()
            if roll < 0.65:
                on = self.days_ago(5, 300)
            elif roll < 0.85:
                on = self.days_ago(380, 600)  # overdue: not verified for over a year
            else:
                continue
            row[3] = max(on, row[1])
            services.contact_verify(contact=row[0], by=by, on=row[3])

    def change_roles(self, by):
        if self.spec.stage in (ST.PROSPECT,) or self.rng.random() > 0.3:
            return
        floor = [row for row in self.contacts if row[0].level == LEVEL.FLOOR]
        row = floor[0] if floor else self.contacts[-1]
        contact, on = row[0], max(self.days_ago(30, 250), row[3])
        row[3] = on
        if floor:
            services.contact_change_role(
                contact=contact,
                by=by,
                on=on,
                level=LEVEL.MIDDLE,
                job_title="Teamleider",
                is_supervisor=False,
            )
        else:
            services.contact_change_role(
                contact=contact,
                by=by,
                on=on,
                is_champion=not contact.is_champion,
            )

    def mark_leavers(self, by):
        spec, rng = self.spec, self.rng
        if spec.stage == ST.PROSPECT or len(self.contacts) < 2:
            return
        leavers = 1 if rng.random() < 0.55 else 0
        if spec.stage == ST.STRATEGIC_PARTNER and rng.random() < 0.4:
            leavers += 1
        candidates = self.contacts[1:]  # the director usually stays
        rng.shuffle(candidates)
        for row in candidates[:leavers]:
            contact = row[0]
            left_on = max(self.days_ago(20, 330), row[3] + DAY)
            successor = None
            if rng.random() < 0.6:
                successor = self.add_contact(
                    by=by,
                    level=contact.level,
                    champion=contact.is_champion and rng.random() < 0.5,
                    active_since=left_on,
                )
            services.contact_mark_left(
                contact=contact,
                left_on=left_on,
                by=by,
                reason=rng.choice(LEFT_REASONS),
                successor=successor,
            )
            row[2] = left_on

    def current_contacts(self, on):
        return [
            contact
            for contact, since, left, _latest in self.contacts
            if since <= on and (left is None or left > on)
        ]

    # -- fixed account managers ---------------------------------------------------------------
    def plan_assignments(self):
        spec = self.spec
        order = (
            self.managers[self.index % len(self.managers) :]
            + self.managers[: self.index % len(self.managers)]
        )
        if spec.history == "none":
            return
        if spec.history in ("steady", "ended"):
            starts = [self.days_ago(380, 1100)]
        elif spec.history == "handover":
            starts = [self.days_ago(500, 1200), self.days_ago(60, 300)]
        else:  # turbulent: three changes within twelve months
            starts = [
                self.days_ago(420, 700),
                self.days_ago(300, 340),
                self.days_ago(170, 220),
                self.days_ago(40, 90),
            ]
        if spec.stage == ST.INTRODUCTION and spec.history == "steady":
            starts = [self.days_ago(90, 200)]
        if spec.stage == ST.PROSPECT:
            starts = [self.days_ago(20, 120)]
        starts = [self.weekday(day) for day in starts]
        for position, started_on in enumerate(starts):
            self.segments.append([order[position % len(order)], started_on, None])
        for earlier, later in zip(self.segments, self.segments[1:], strict=False):
            earlier[2] = later[1]
        if spec.history == "ended":
            self.segments[-1][2] = self.weekday(self.days_ago(45, 70))

    def assign_managers(self):
        spec = self.spec
        for position, (manager, started_on, _ended) in enumerate(self.segments):
            note = ""
            if position:
                template = HANDOVER_NOTES[(self.index + position) % len(HANDOVER_NOTES)]
                words = self.words(started_on)
                key = self.key_contact(started_on)
                if key is not None:
                    words["c"] = key.name.split()[0]
                note = template.format(**words)
            services.account_manager_assign(
                employer=self.employer,
                manager=manager,
                by=self.team_lead,
                handover_note=note,
                region=self.region,
                started_on=started_on,
            )
        if spec.history == "ended":
            assignment = self.employer.assignments.get(ended_on__isnull=True)
            services.assignment_end(
                assignment=assignment, by=self.team_lead, ended_on=self.segments[-1][2]
            )
        if spec.backup and self.segments:
            primary = self.segments[-1][0]
            backup = next(m for m in self.managers[::-1] if m != primary)
            services.account_manager_assign(
                employer=self.employer,
                manager=backup,
                by=self.team_lead,
                region=self.region,
                kind=AccountAssignment.Kind.BACKUP,
                started_on=max(self.segments[-1][1], self.weekday(self.days_ago(20, 150))),
            )

    def key_contact(self, day):
        """The champion, else HR/management, else anyone present on that day."""
        present = self.current_contacts(day)
        for wanted in (lambda p: p.is_champion, lambda p: p.level == LEVEL.MIDDLE, bool):
            chosen = [person for person in present if wanted(person)]
            if chosen:
                return chosen[0]
        return None

    def manager_on(self, day):
        for manager, started_on, ended_on in self.segments:
            if started_on <= day and (ended_on is None or ended_on > day):
                return manager
        return None

    # -- conversations ------------------------------------------------------------------------
    def words(self, day):
        rng = self.rng
        people = self.current_contacts(day) or [row[0] for row in self.contacts]
        job, jobs = rng.choice(self.jobs)
        return {
            "c": rng.choice(people).name.split()[0] if people else "de contactpersoon",
            "job": job,
            "jobs": jobs,
            "n": rng.randint(2, 6),
            "city": self.spec.city,
            "city2": rng.choice([city for city in CITY2 if city != self.spec.city]),
        }

    def conversation_days(self):
        spec, rng = self.spec, self.rng
        if spec.stage == ST.PROSPECT:
            count = rng.randint(0, 2) if self.segments else rng.randint(0, 1)
            window = (5, 120)
        elif spec.stage == ST.INTRODUCTION:
            count, window = rng.randint(2, 5), (3, 160)
        elif spec.stage == ST.ACTIVE:
            count, window = rng.randint(7, 14), (2, 360)
        else:
            count, window = rng.randint(12, 20), (1, 362)
        low, high = window
        if spec.stage == ST.INTRODUCTION and self.segments:
            high = min(high, (self.today - self.segments[0][1]).days)
        if spec.stale:
            low = 150
        days = sorted({self.weekday(self.days_ago(low, high)) for _ in range(count)})
        if count and spec.stage in (ST.ACTIVE, ST.STRATEGIC_PARTNER) and not spec.stale:
            days[-1] = max(days[-1], self.weekday(self.days_ago(1, 25)))
        return sorted(set(days))

    def topics_for(self, position):
        spec, rng = self.spec, self.rng
        if position == 0 and spec.stage in (ST.PROSPECT, ST.INTRODUCTION):
            return TOPIC.INTRODUCTION
        pool = {
            ST.PROSPECT: [TOPIC.INTRODUCTION],
            ST.INTRODUCTION: [
                TOPIC.INTRODUCTION,
                TOPIC.STAFFING,
                TOPIC.INSTRUMENTS,
                TOPIC.JOB_AGREEMENT,
            ],
            ST.ACTIVE: [
                TOPIC.STAFFING,
                TOPIC.STAFFING,
                TOPIC.INSTRUMENTS,
                TOPIC.INSTRUMENTS,
                TOPIC.GUIDANCE,
                TOPIC.FOLLOW_UP,
                TOPIC.RETENTION,
                TOPIC.JOB_AGREEMENT,
            ],
            ST.STRATEGIC_PARTNER: [
                TOPIC.STAFFING,
                TOPIC.INSTRUMENTS,
                TOPIC.JOB_CARVING,
                TOPIC.JOB_CARVING,
                TOPIC.HR_STRATEGY,
                TOPIC.RETENTION,
                TOPIC.SOCIAL_RETURN,
                TOPIC.FOLLOW_UP,
                TOPIC.GUIDANCE,
            ],
        }[spec.stage]
        if spec.employees < 25:
            pool = [topic for topic in pool if topic != TOPIC.JOB_AGREEMENT] or pool
        return rng.choice(pool)

    def log_conversations(self):
        spec, rng = self.spec, self.rng
        days = self.conversation_days()
        overdue_employer = self.index % 4 == 1
        for position, day in enumerate(days):
            is_last = position == len(days) - 1
            topic = self.topics_for(position)
            channels, template = rng.choice(SUMMARIES[topic])
            if spec.ambassador and rng.random() < 0.12:
                channels, template = "event", AMBASSADOR_EVENT
            channel = rng.choice(channels.split())
            author = self.manager_on(day) or self.team_lead
            if channel == CHANNEL.EVENT and rng.random() < 0.5:
                author = self.team_lead  # the team lead hosts the regional events
            participants = self.participants_for(day, topic, channel)
            words = self.words(day)
            if participants:
                words["c"] = participants[0].name.split()[0]
            topics = [topic]
            extra = rng.choice([None, None, TOPIC.INSTRUMENTS, TOPIC.STAFFING, TOPIC.GUIDANCE])
            if extra and extra != topic and spec.stage != ST.PROSPECT:
                topics.append(extra)
            occurred_at = timezone.make_aware(
                datetime.datetime.combine(
                    day, datetime.time(rng.randint(8, 16), rng.choice([0, 15, 30, 45]))
                )
            )
            action, due = "", None
            if is_last and spec.stage != ST.PROSPECT and not spec.stale:
                action = rng.choice(NEXT_ACTIONS[topic])
                if overdue_employer:  # an action that slipped: due date passed, not done
                    due = max(day, min(day + rng.randint(3, 10) * DAY, self.today - 2 * DAY))
                else:
                    due = max(day, self.today) + rng.randint(3, 21) * DAY
            elif rng.random() < 0.55:
                action = rng.choice(NEXT_ACTIONS[topic])
                due = day + rng.randint(5, 21) * DAY
            conversation = services.conversation_log(
                employer=self.employer,
                author=author,
                summary=template.format(**words),
                channel=channel,
                occurred_at=occurred_at,
                participants=participants,
                topics=topics,
                service_style=_style_for(topic),
                next_action=action,
                next_action_due=due,
            )
            if action and not is_last and due < self.today and rng.random() < 0.88:
                services.next_action_complete(
                    conversation=conversation,
                    by=author,
                    done_at=occurred_at + (due - day) - rng.randint(0, 2) * DAY,
                )

    def participants_for(self, day, topic, channel):
        """One or two contacts present on that day, preferably of the level the topic needs."""
        rng = self.rng
        present = self.current_contacts(day)
        preferred = [p for p in present if p.level in TOPIC_LEVELS[topic]] or present
        if not preferred:
            return []
        if channel in (CHANNEL.EMAIL, CHANNEL.MESSAGE, CHANNEL.PHONE):
            return [rng.choice(preferred)]
        count = min(len(preferred), rng.choice([1, 1, 2]))
        chosen = rng.sample(preferred, k=count)
        others = [p for p in present if p not in chosen]
        if count == 1 and others and rng.random() < 0.25:
            chosen.append(rng.choice(others))
        return chosen


def _style_for(topic):
    if topic in (TOPIC.STAFFING, TOPIC.INTRODUCTION):
        return STYLE.VACANCY_FILLING
    if topic in (TOPIC.INSTRUMENTS, TOPIC.GUIDANCE, TOPIC.FOLLOW_UP):
        return STYLE.UNBURDENING
    return STYLE.STRATEGIC
