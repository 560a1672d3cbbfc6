"""The demo employers and the words their people, knowledge and handover notes are made of.

About fifty FICTIONAL employers (names, KvK numbers, people, phone numbers and .example web
addresses are made up): small and large, public and private, social enterprises with PSO levels,
inclusive and not yet, every relationship stage, national employers (some based in another region
with an account manager here) and ambassadors. demo/employers.py builds them.
"""

from dataclasses import dataclass

from employers.models import Employer

S = Employer.Sector
ST = Employer.Stage
PSO = Employer.PsoLevel
INCLUSIVE = Employer.Inclusion.INCLUSIVE
NOT_YET = Employer.Inclusion.NOT_YET
PUBLIC = Employer.Ownership.PUBLIC
PRIVATE = Employer.Ownership.PRIVATE


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
