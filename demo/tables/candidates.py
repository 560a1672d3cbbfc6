"""The demo candidates and their stories, and the staffing requests at the demo employers.

About forty FICTIONAL candidates (names, e-mail addresses on .example, phone numbers and
municipalities' residents are made up); target groups only as codes. Each story is a list of
steps: an Offer (a proposal that stays open or closes without a placement) or a Job (a
placement, normally reached through a proposal). demo/candidates.py and demo/placements.py build
them.
"""

from dataclasses import dataclass

from candidates.models import Candidate, SharingConsent, StaffingRequest
from placements.models import InstrumentPeriod, Placement

TG = Candidate.TargetGroup
JA, WAJONG, PW = TG.JOB_AGREEMENT, TG.WAJONG, TG.PARTICIPATION_ACT
REFUGEE, WIA_WW, OTHER = TG.REFUGEE, TG.WIA_WW, TG.OTHER
VACANCY, CARVED = StaffingRequest.Kind.VACANCY, StaffingRequest.Kind.CARVED
RS = StaffingRequest.Status
CT = Placement.ContractType
END = Placement.EndReason
PROFILE = SharingConsent.Scope.PROFILE
PROFILE_CONTACT = SharingConsent.Scope.PROFILE_CONTACT
AT_RISK = "at-risk:"  # employer "at-risk:N": the N-th employer whose supervisor has left


@dataclass(frozen=True)
class DemoRequest:
    key: str
    employer: str  # key of a demo employer (demo.tables.employers.EMPLOYERS)
    title: str
    kind: str
    hours: int
    opened: int  # days ago
    tasks: str = ""
    status: str = RS.OPEN  # "filled" is set when a demo placement fills the request
    location: str = ""  # name of a second location; the main location otherwise


@dataclass(frozen=True)
class Offer:
    """A proposal that stays open or closes without a placement."""

    employer: str
    path: tuple  # statuses after "proposed", e.g. ("introduction", "declined")
    days: tuple  # days ago: proposed, then one per status in `path`
    request: str = ""  # key of a DemoRequest; empty: offered without a vacancy
    reason: str = ""  # why it was declined or withdrawn
    consent: str = PROFILE  # scope of the consent for this employer; "" = anonymous proposal
    consent_withdrawn: int | None = None  # days ago


@dataclass(frozen=True)
class Period:
    """An instrument period of a placement, from the region's catalogue."""

    name: str
    months: int | None = None  # length; None: no end date
    after: int = 0  # starts this many months after the placement
    until: str = ""  # "contract" or "coach": ends with the contract or the job coach
    status: str = ""  # empty: granted, or ended once its end has passed
    note: str = ""
    next_step: str = ""  # the decision on what follows its end (InstrumentPeriod.NextStep)
    next_step_note: str = ""


@dataclass(frozen=True)
class Assessment:
    """A wage-value assessment (loonwaardemeting) of a placement."""

    after: int  # days after the placement's start (negative: before it)
    percentage: int
    next_in: int | None = 12  # months until the next one is due


@dataclass(frozen=True)
class Job:
    """A placement, normally reached through a proposal."""

    employer: str  # key of a demo employer, or AT_RISK + index
    contract: str
    hours: int
    start: int | None  # days ago; None: the first weekday after the previous job ended
    title: str = ""  # default: the request's title
    request: str = ""
    months: int | None = None  # contract length in months
    ends_in: int | None = None  # or: the contract ends this many days from today
    carved: str = ""  # tasks of a carved job (a carved request brings its own)
    path: tuple | None = ("introduction",)  # proposal statuses before "placed"; None: none
    coach: tuple = ()  # (hours per week, months)
    periods: tuple = ()
    assessments: tuple = ()  # Assessment rows; a wage-cost subsidy rests on the latest before it
    open_checkpoints: int = 0  # the latest N past checkpoints stay undone (overdue)
    extra_checkpoint: tuple = ()  # (due in days, label): a checkpoint added by hand
    move_next_checkpoint: int = 0  # the next checkpoint was moved by this many days
    last_at_risk: str = ""  # a running placement: its latest checkpoint "at risk", this note
    ended: tuple = ()  # (days ago or "contract", reason, note)
    consent: str = PROFILE
    consent_withdrawn_after_end: int | None = None  # days after the end
    location: str = ""


@dataclass(frozen=True)
class DemoCandidate:
    first_name: str
    last_name: str
    municipality: str
    target_groups: tuple
    work: str  # key of WORK: the kind of work the profile speaks about
    hours: int
    story: tuple = ()  # Offer and Job steps, in the order they happened


# fmt: off
REQUESTS = [
    DemoRequest("lw-orderpicker", "lageweide-logistiek", "Orderpicker dagdienst", VACANCY, 32, 220,
        "Orders verzamelen met de handscanner, rolcontainers vullen en afsluiten, retouren "
        "terugzetten in de stelling.", location="Crossdock Nieuwegein"),
    DemoRequest("lw-retour", "lageweide-logistiek", "Medewerker retourverwerking", CARVED, 20, 60,
        "Retourpakketten openen en controleren; artikelen sorteren op herbruikbaar, reparatie of "
        "afval; verpakkingsmateriaal scheiden; aantallen bijhouden op een vaste lijst."),
    DemoRequest("vh-huishouding", "vijverhof", "Medewerker huishouding woonzorgcentrum", VACANCY,
        24, 470, "Appartementen en gemeenschappelijke ruimtes schoonmaken volgens een vast "
        "schema; linnengoed verzorgen.", location="Woonzorgcentrum Den Dolder"),
    DemoRequest("vh-gastvrouw", "vijverhof", "Gastvrouw of gastheer restaurant", CARVED, 16, 75,
        "Koffie en thee rondbrengen; tafels dekken en afruimen; bewoners naar het restaurant "
        "begeleiden; een praatje maken."),
    DemoRequest("kv-buitendienst", "kromme-vaart", "Medewerker buitendienst", VACANCY, 36, 150,
        "Maaien en schonen van sloten en oevers, zwerfvuil ruimen, eenvoudig onderhoud aan "
        "stuwen en hekken.", status=RS.ON_HOLD),
    DemoRequest("wh-groen", "wilgenhof", "Medewerker groenonderhoud", VACANCY, 32, 240,
        "Schoffelen, snoeien, blad ruimen en beplanten in een vaste ploeg met een voorman."),
    DemoRequest("vr-assistent", "vanrossum-metaal", "Assistent productie (ontbramen en inpakken)",
        CARVED, 24, 120, "Onderdelen ontbramen, tellen en inpakken; werkplek en machines "
        "schoonhouden; gereedschap uitgeven en terugleggen."),
    DemoRequest("so-housekeeping", "stadshotel-oudegracht", "Medewerker housekeeping", VACANCY, 20,
        110, "Hotelkamers opmaken en schoonmaken volgens de checklist; linnenkar aanvullen."),
    DemoRequest("hc-kantoren", "helder-co", "Schoonmaakmedewerker kantoren (ochtend)", VACANCY, 20,
        50, "Kantoorpanden schoonmaken tussen 6.00 en 10.00 uur in een vast team."),
    DemoRequest("sp-post", "stichtse-poort", "Medewerker post en facilitair", CARVED, 24, 430,
        "Post sorteren en rondbrengen, vergaderzalen klaarzetten, printers bijvullen, pakketjes "
        "aannemen bij de centrale balie."),
    DemoRequest("zb-inpak", "zwarte-boon", "Medewerker inpak en etikettering", CARVED, 20, 170,
        "Koffiezakken vullen en wegen, etiketten plakken, dozen inpakken voor de webwinkel."),
    DemoRequest("dv-recycling", "datavloed", "Medewerker hardwarerecycling", CARVED, 24, 80,
        "Laptops schoonmaken, data wissen met vaste software en een checklist, onderdelen "
        "sorteren en registreren."),
    DemoRequest("dt-scanstraat", "domtoren-verzekeringen", "Medewerker scanstraat", CARVED, 20,
        290, "Inkomende post openen, ontnieten en scannen; scans controleren op leesbaarheid; "
        "originelen archiveren."),
    DemoRequest("kr-vakkenvuller", "klusrijk", "Vakkenvuller", VACANCY, 24, 100,
        "Schappen aanvullen, prijskaartjes controleren, klanten de weg wijzen.",
        status=RS.CANCELLED),
    DemoRequest("tk-huishoudelijk", "thuiszorg-krommerijn", "Medewerker huishoudelijke hulp",
        VACANCY, 20, 45, "Huishoudelijk werk bij cliënten thuis in Bunnik en Odijk; vaste "
        "cliënten per dag."),
    DemoRequest("ls-inpak", "lekstreek-vleeswaren", "Productiemedewerker inpak", VACANCY, 32, 370,
        "Producten inpakken aan de lijn, dozen stapelen, lijn schoonmaken na de dienst."),
    DemoRequest("vb-assistent", "verkerk-bouw", "Bouwplaatsassistent (leerwerkplek)", VACANCY, 38,
        190, "Materiaal klaarzetten, bouwplaats opruimen, meehelpen met eenvoudig timmerwerk; "
        "leren in de praktijk met een leermeester."),
    DemoRequest("kb-hulp", "korenbloem", "Hulp bakkerij (vroege ochtend)", CARVED, 16, 35,
        "Bakblikken invetten, deeg afwegen, broden inpakken en de winkel klaarzetten."),
]

CANDIDATES = [
    # --- placed: active placements -----------------------------------------------------------
    DemoCandidate("Fleur", "van Dam", "Utrecht", (PW,), "logistiek", 32, (
        Job("lageweide-logistiek", CT.TEMPORARY, 32, 150, request="lw-orderpicker", months=7,
            path=("introduction", "trial"), coach=(3, 4),
            periods=(Period("Loonkostensubsidie", 12), Period("Jobcoach", until="coach"))),
    )),
    DemoCandidate("Kevin", "Hoekstra", "Zeist", (JA, PW), "zorg", 24, (
        Job("vijverhof", CT.PERMANENT, 24, 400, request="vh-huishouding",
            assessments=(Assessment(-10, 55), Assessment(355, 60)),
            periods=(Period("Loonkostensubsidie", 12),
                     Period("Loonkostensubsidie", 12, after=12,
                            note="Vervolgbeschikking na nieuwe loonwaardemeting."),
                     Period("No-riskpolis", 60))),
    )),
    DemoCandidate("Samira", "Ouali", "Nieuwegein", (PW,), "groen", 32, (
        Job("wilgenhof", CT.TEMPORARY, 32, 170, request="wh-groen", ends_in=20, coach=(2, 6),
            assessments=(Assessment(160, 50),),
            periods=(
                Period("Forfaitaire loonkostensubsidie", 6,
                       note="Forfaitair 30% zonder loonwaardemeting vooraf; voor de "
                            "vervolgbeschikking is een loonwaardemeting nodig.",
                       next_step="other_instrument",
                       next_step_note="Reguliere loonkostensubsidie na de loonwaardemeting."),
                Period("Loonkostensubsidie", after=6, status=InstrumentPeriod.Status.APPLIED,
                       note="Loonwaardemeting gepland; aanvraag vervolgbeschikking ingediend."),
                Period("Jobcoach", until="coach"))),
    )),
    DemoCandidate("Jesse", "Koster", "Houten", (JA, PW), "productie", 24, (
        Job("vanrossum-metaal", CT.TEMPORARY, 24, 46, request="vr-assistent", months=12,
            coach=(4, 6), open_checkpoints=1,
            periods=(Period("Jobcoach", until="coach"),
                     Period("Loonkostensubsidie", status=InstrumentPeriod.Status.APPLIED,
                            note="Loonwaardemeting in de tweede werkweek; beschikking volgt."))),
    )),
    DemoCandidate("Demi", "Verbeek", "IJsselstein", (PW,), "horeca", 20, (
        Job("stadshotel-oudegracht", CT.TRIAL, 20, 40, request="so-housekeeping", months=2,
            periods=(Period("Proefplaatsing", until="contract"), Period("No-riskpolis", 60))),
    )),
    DemoCandidate("Yasin", "Aydın", "Utrecht", (JA, WAJONG), "administratie", 24, (
        Job("stichtse-poort", CT.PERMANENT, 24, 362, request="sp-post", coach=(3, 6),
            path=("introduction", "trial"), consent=PROFILE_CONTACT,
            periods=(Period("Loondispensatie", 24), Period("Loonkostenvoordeel", 36),
                     Period("Jobcoach", until="coach"))),
    )),
    DemoCandidate("Tessa", "Groen", "Utrecht", (JA,), "productie", 20, (
        Job("zwarte-boon", CT.TEMPORARY, 20, 100, request="zb-inpak", months=12, coach=(2, 6),
            assessments=(Assessment(-5, 65),),
            periods=(Period("Loonkostensubsidie", 12), Period("Jobcoach", until="coach")),
            last_at_risk="Ploegleider met verlof, nieuwe collega's geven andere instructies. "
                         "Tessa twijfelt of ze wil blijven; jobcoach vaker inzetten."),
    )),
    DemoCandidate("Dennis", "Scholten", "Woerden", (WIA_WW,), "administratie", 20, (
        Offer("ploeg-partners", ("declined",), (300, 285),
              reason="Zoekt toch iemand met boekhoudervaring voor deze functie."),
        Job("domtoren-verzekeringen", CT.TEMPORARY, 20, 220, request="dt-scanstraat",
            months=12, move_next_checkpoint=7,
            periods=(Period("No-riskpolis", 60),
                     Period("Werkplekaanpassing",
                            note="Verstelbare werktafel en een bureaustoel met armleuningen."))),
    )),
    DemoCandidate("Aziz", "Haddou", "Utrecht", (PW,), "productie", 32, (
        Job("lekstreek-vleeswaren", CT.PERMANENT, 32, 300, request="ls-inpak", path=(),
            assessments=(Assessment(-7, 45, next_in=11),),
            periods=(Period("Loonkostensubsidie", 12), Period("No-riskpolis", 60))),
    )),
    DemoCandidate("Milan", "de Jong", "Bunnik", (PW, JA), "techniek", 38, (
        Job("verkerk-bouw", CT.LEARN_WORK, 38, 120, request="vb-assistent", months=24,
            assessments=(Assessment(-3, 40, next_in=11),),
            periods=(Period("Praktijkroute", 24,
                            note="Praktijkverklaring bouwplaatsassistent via het ROC."),
                     Period("Loonkostensubsidie", 12, next_step="extend",
                            next_step_note="Verlenging aanvragen na de nieuwe meting."))),
    )),
    DemoCandidate("Lisa", "Vermeulen", "Nieuwegein", (JA, WAJONG), "schoonmaak", 20, (
        Job("helder-co", CT.SECONDMENT, 20, 250, title="Schoonmaakmedewerker (gedetacheerd)",
            ends_in=30, coach=(2, 12), consent=PROFILE_CONTACT,
            periods=(Period("Detachering", until="contract",
                            note="Gedetacheerd vanuit Werkbedrijf Midden-Utrecht."),)),
    )),
    DemoCandidate("Shanti", "Kalloe", "IJsselstein", (JA,), "schoonmaak", 16, (
        Job("blauwe-laken", CT.TEMPORARY, 16, 8, title="Medewerker vouwen en sorteren",
            months=6, coach=(4, 6), path=(),
            carved="Schone was vouwen en sorteren per klant, karren vullen, vlekken melden bij "
                   "de ploegleider.",
            periods=(Period("Jobcoach", until="coach"),
                     Period("Loonkostensubsidie", status=InstrumentPeriod.Status.APPLIED))),
    )),
    DemoCandidate("Robin", "van Wijk", "De Bilt", (PW,), "groen", 28, (
        Job("groene-zoom", CT.TEMPORARY, 28, 95, title="Medewerker plantenafdeling", months=6,
            open_checkpoints=1, periods=(Period("No-riskpolis", 60),)),
    )),
    DemoCandidate("Merel", "Bosman", "Zeist", (JA,), "horeca", 24, (
        Job("kruidentuin", CT.TEMPORARY, 24, 195, title="Afwasmedewerker", months=6,
            open_checkpoints=1, assessments=(Assessment(0, 60),),
            periods=(Period("Loonkostensubsidie", 12),)),
    )),
    DemoCandidate("Tarik", "Benali", "Utrecht", (PW,), "algemeen", 32, (
        Job(AT_RISK + "0", CT.PERMANENT, 32, None, coach=(2, 6), open_checkpoints=1,
            periods=(Period("Loonkostensubsidie", 12), Period("Jobcoach", until="coach"))),
    )),
    DemoCandidate("Sem", "Kramer", "Houten", (JA, WAJONG), "algemeen", 24, (
        Job(AT_RISK + "1", CT.TEMPORARY, 24, None, ends_in=120, path=(),
            periods=(Period("Loondispensatie", 24),)),
    )),
    DemoCandidate("Chayenne", "Pinas", "Utrecht", (PW, JA), "algemeen", 28, (
        Job(AT_RISK + "2", CT.PERMANENT, 28, None, open_checkpoints=1,
            periods=(Period("No-riskpolis", 60),)),
    )),
    DemoCandidate("Bas", "Willems", "Zeist", (WIA_WW,), "administratie", 32, (
        Job("rud-krommerijn", CT.PERMANENT, 32, 60, title="Medewerker post en archief",
            periods=(Period("Loonkostenvoordeel", 36),)),
    )),
    DemoCandidate("Esra", "Doğan", "Nieuwegein", (PW,), "techniek", 32, (
        Job("trapkracht", CT.TRIAL, 32, 160, title="Assistent fietsmontage", months=2,
            ended=("contract", END.OTHER, "Proefplaatsing omgezet in een arbeidscontract."),
            periods=(Period("Proefplaatsing", until="contract"),)),
        Job("trapkracht", CT.TEMPORARY, 32, None, title="Assistent fietsmontage", months=12,
            path=None, extra_checkpoint=(10, "Gesprek over uitbreiding naar 36 uur"),
            periods=(Period("Loonkostensubsidie", 12),)),
    )),
    # --- placed earlier: ended placements ----------------------------------------------------
    DemoCandidate("Stijn", "van der Meer", "Lopik", (JA, WAJONG), "ict", 24, (
        Job("datavloed", CT.TEMPORARY, 24, 300, title="Testmedewerker software", months=12,
            carved="Vaste testscripts doorlopen, bevindingen vastleggen in het ticketsysteem, "
                   "testomgevingen opschonen.",
            ended=(180, END.GUIDANCE,
                   "De vaste werkbegeleider vertrok en niemand nam de begeleiding over."),
            periods=(Period("Loondispensatie", 24),)),
        Offer("bitbrouwerij", (), (12,)),
    )),
    DemoCandidate("Romy", "Hofman", "IJsselstein", (PW,), "zorg", 20, (
        Job("speelkwartier", CT.TEMPORARY, 20, 330, title="Medewerker huishouding en keuken",
            months=6, ended=("contract", END.CONTRACT_ENDED,
                             "Geen formatieruimte voor verlenging."),
            periods=(Period("Loonkostensubsidie", 6),)),
        Offer("thuiszorg-krommerijn", ("introduction",), (30, 16), request="tk-huishoudelijk"),
    )),
    DemoCandidate("Dawit", "Tesfay", "Utrecht", (REFUGEE, PW), "groen", 32, (
        Job("stadsgroen-utrecht", CT.LEARN_WORK, 32, 400, title="Leerling hovenier", months=24,
            ended=(100, END.OTHER_JOB, "Vaste baan als hovenier bij een gemeente gevonden."),
            periods=(Period("Praktijkroute", 24),)),
    )),
    DemoCandidate("Luuk", "Timmermans", "Stichtse Vecht", (WIA_WW,), "logistiek", 32, (
        Job("vanderwal-transport", CT.TEMPORARY, 32, 240, title="Bijrijder", months=12,
            ended=(150, END.EMPLOYEE_LEFT,
                   "Reistijd met het openbaar vervoer bleek te lang; zoekt werk dichter bij huis."),
            consent_withdrawn_after_end=9, periods=(Period("No-riskpolis", 60),)),
    )),
    DemoCandidate("Iris", "de Ruiter", "Woerden", (PW, JA), "productie", 24, (
        Job("drukkerij-lijnbaan", CT.PERMANENT, 24, 700, title="Medewerker nabewerking",
            path=(), ended=(120, END.TASKS_GONE,
                            "De afdeling nabewerking is gesloten na automatisering."),
            periods=(Period("Loonkostensubsidie", 12), Period("Loonkostensubsidie", 12, after=12))),
        Offer("mortierpad", ("declined",), (90, 78),
              reason="Te weinig vast werk voor een extra plek; misschien na de zomer opnieuw."),
        Offer("korenbloem", (), (9,), request="kb-hulp"),
    )),
    DemoCandidate("Mustafa", "Çelik", "Utrecht", (PW,), "algemeen", 24, (
        Job("lekboog", CT.TEMPORARY, 24, 210, title="Medewerker ontvangst en terrein", months=12,
            ended=(140, END.HEALTH,
                   "Kon het werk niet volhouden; in overleg gestopt, het traject loopt verder "
                   "via de klantmanager."),
            periods=(Period("No-riskpolis", 60),)),
    )),
    # --- proposals without a placement -------------------------------------------------------
    DemoCandidate("Noa", "Claassen", "Houten", (JA,), "logistiek", 20, (
        Offer("lageweide-logistiek", ("introduction",), (40, 26), request="lw-retour"),
    )),
    DemoCandidate("Rik", "Jonker", "Nieuwegein", (PW,), "logistiek", 24, (
        Offer("lageweide-logistiek", (), (10,), request="lw-retour", consent=""),
    )),
    DemoCandidate("Hiba", "Al-Khatib", "Zeist", (REFUGEE, PW), "zorg", 16, (
        Offer("vijverhof", ("introduction", "trial"), (45, 30, 9), request="vh-gastvrouw"),
    )),
    DemoCandidate("Jordy", "Sanders", "Utrecht", (PW,), "schoonmaak", 20, (
        Offer("helder-co", ("introduction", "declined"), (40, 33, 27), request="hc-kantoren",
              reason="Kan niet om 6.00 uur beginnen: zo vroeg rijdt er geen bus vanuit zijn wijk."),
        Offer("houtnerf", ("introduction",), (20, 6)),
    )),
    DemoCandidate("Lotte", "Maas", "Bunnik", (JA,), "schoonmaak", 20, (
        Offer("helder-co", ("introduction",), (25, 12), request="hc-kantoren"),
    )),
    DemoCandidate("Rachelle", "Doelwijt", "Utrecht", (PW,), "ict", 24, (
        Offer("datavloed", ("declined",), (70, 55), request="dv-recycling",
              reason="De werkgever zoekt toch iemand met ervaring in netwerkbeheer."),
    )),
    DemoCandidate("Thomas", "Huisman", "Wijk bij Duurstede", (JA, WAJONG), "ict", 24, (
        Offer("datavloed", (), (14,), request="dv-recycling", consent=PROFILE_CONTACT),
    )),
    DemoCandidate("Nina", "Koç", "Nieuwegein", (PW,), "detailhandel", 24, (
        Offer("klusrijk", ("withdrawn",), (85, 70), request="kr-vakkenvuller",
              reason="Kandidaat heeft zelf werk gevonden bij een supermarkt.",
              consent_withdrawn=70),
    )),
    DemoCandidate("Pieter", "Prins", "De Bilt", (WIA_WW,), "groen", 36, (
        Offer("kromme-vaart", ("introduction", "withdrawn"), (120, 108, 95),
              request="kv-buitendienst",
              reason="Volgt eerst de cursus VCA en het groencertificaat; in het voorjaar "
                     "opnieuw voordragen."),
    )),
    DemoCandidate("Senna", "Wolters", "IJsselstein", (JA,), "administratie", 20, (
        Offer("stemwerk", (), (18,)),
    )),
    DemoCandidate("Ahmad", "Rahimi", "Utrecht", (REFUGEE, PW), "groen", 32, (
        Offer("lekdijk-kwekerij", ("introduction", "trial"), (35, 24, 7)),
    )),
    DemoCandidate("Kim", "Evers", "Vianen", (PW,), "administratie", 20, (
        Offer("mortierpad", ("introduction", "declined"), (60, 50, 41),
              reason="Na de kennismaking gekozen voor een stagiair van de apothekersopleiding."),
    )),
    DemoCandidate("Maarten", "Blom", "Houten", (JA,), "groen", 24, (
        Offer("groen-loont", (), (6,), consent=""),
    )),
    DemoCandidate("Selin", "Arslan", "Zeist", (PW,), "administratie", 24, (
        Offer("domtoren-verzekeringen", (), (21,)),
    )),
    # --- new: not proposed yet ---------------------------------------------------------------
    DemoCandidate("Yara", "Mahabier", "Utrecht", (PW,), "horeca", 20),
    DemoCandidate("Gerrit", "van Os", "Lopik", (WIA_WW,), "techniek", 32),
    DemoCandidate("Luca", "Ferreira", "Utrecht", (OTHER,), "detailhandel", 24),
]
OFFER_NOTES = [
    "Profiel in werktermen gedeeld; kandidaat is gemotiveerd voor dit werk.",
    "Past bij de taken en de uren; reistijd is goed te doen.",
    "Kandidaat heeft eerder vergelijkbaar werk gedaan en wil graag kennismaken.",
]
OFFER_NOTES_NO_VACANCY = [
    "Aangeboden zonder vacature: past bij het werk op de werkvloer.",
    "Open sollicitatie via het WSP; werkgever staat open voor een kennismaking.",
]
# fmt: on
