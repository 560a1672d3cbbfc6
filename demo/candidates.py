"""Demo candidates, staffing requests, proposals and placements for the demo region, loaded by
`manage.py seed_demo` right after the demo employers (employers/demo.py).

About forty FICTIONAL candidates (names, e-mail addresses on .example, phone numbers and
municipalities' residents are made up), each with a work profile in work terms (never a
diagnosis; target groups only as codes) and consents to share it with named employers. Staffing
requests (vacancies and carved jobs) at the demo employers; proposals in every status (proposed,
introduction, trial, placed, declined and withdrawn with their reason), several of them offered
without a vacancy. About twenty-five placements, active and ended, of every contract type:
carved jobs with their tasks, workplace supervisors among the employer's contact persons, job
coaches, contracts and instrument periods (from the region's catalogue, including a flat-rate
wage-cost subsidy) ending in the coming weeks, and follow-up checkpoints done with their outcome,
overdue, or due this week. A few placements are still supervised by a contact person who has
LEFT the employer, so the continuity scan flags them as "placement at risk".

Everything is written through candidates.services and placements.services, with dates in the
past relative to today. Deterministic: every candidate draws from its own random.Random seeded by
its name. Idempotent: a candidate who already exists (same e-mail address, or same name in the
region) is skipped with everything that happens to them, and a staffing request is looked up by
employer and title before it is created; a second run adds nothing.
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from candidates import services
from candidates.models import Candidate, Proposal, SharingConsent, StaffingRequest
from demo.employers import EMPLOYERS as DEMO_EMPLOYERS
from demo.employers import SECTOR_JOBS
from employers.models import AccountAssignment, ContactPerson, Employer, Location
from placements import services as placement_services
from placements.models import FollowUp, Instrument, InstrumentPeriod, Placement

SEED = 2026
DAY = datetime.timedelta(days=1)

TG = Candidate.TargetGroup
JA, WAJONG, PW = TG.JOB_AGREEMENT, TG.WAJONG, TG.PARTICIPATION_ACT
REFUGEE, WIA_WW, OTHER = TG.REFUGEE, TG.WIA_WW, TG.OTHER
VACANCY, CARVED = StaffingRequest.Kind.VACANCY, StaffingRequest.Kind.CARVED
RS = StaffingRequest.Status
PS = Proposal.Status
CT = Placement.ContractType
END = Placement.EndReason
OUTCOME = FollowUp.Outcome
PROFILE = SharingConsent.Scope.PROFILE
PROFILE_CONTACT = SharingConsent.Scope.PROFILE_CONTACT
AT_RISK = "at-risk:"  # employer "at-risk:N": the N-th employer whose supervisor has left


@dataclass(frozen=True)
class DemoRequest:
    key: str
    employer: str  # key of a demo employer (employers.demo.EMPLOYERS)
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
    open_checkpoints: int = 0  # the latest N past checkpoints stay undone (overdue)
    extra_checkpoint: tuple = ()  # (due in days, label): a checkpoint added by hand
    move_next_checkpoint: int = 0  # the next checkpoint was moved by this many days
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
            periods=(Period("Loonkostensubsidie", 12),
                     Period("Loonkostensubsidie", 12, after=12,
                            note="Vervolgbeschikking na nieuwe loonwaardemeting."),
                     Period("No-riskpolis", 60))),
    )),
    DemoCandidate("Samira", "Ouali", "Nieuwegein", (PW,), "groen", 32, (
        Job("wilgenhof", CT.TEMPORARY, 32, 170, request="wh-groen", ends_in=20, coach=(2, 6),
            periods=(
                Period("Forfaitaire loonkostensubsidie", 6,
                       note="Forfaitair 30% zonder loonwaardemeting vooraf; voor de "
                            "vervolgbeschikking is een loonwaardemeting nodig."),
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
            periods=(Period("Loonkostensubsidie", 12), Period("Jobcoach", until="coach"))),
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
            periods=(Period("Loonkostensubsidie", 12), Period("No-riskpolis", 60))),
    )),
    DemoCandidate("Milan", "de Jong", "Bunnik", (PW, JA), "techniek", 38, (
        Job("verkerk-bouw", CT.LEARN_WORK, 38, 120, request="vb-assistent", months=24,
            periods=(Period("Praktijkroute", 24,
                            note="Praktijkverklaring bouwplaatsassistent via het ROC."),
                     Period("Loonkostensubsidie", 12))),
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
            open_checkpoints=1, periods=(Period("Loonkostensubsidie", 12),)),
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

# What a profile says, per kind of work, in work terms an employer can use.
WORK = {
    "logistiek": {
        "strengths": [
            "Nauwkeurig en houdt van een vast ritme; werkt graag met een handscanner.",
            "Fysiek sterk en betrouwbaar; altijd op tijd.",
            "Werkt netjes en zelfstandig zodra de taak helder is.",
        ],
        "experience": [
            "Twee jaar orderpicker via een uitzendbureau.",
            "Werkervaringsplaats in het magazijn van een kringloopwinkel.",
            "Goederenontvangst en vakkenvullen bij een supermarkt.",
        ],
        "qualifications": [
            "Entreeopleiding logistiek (mbo 1); heftruckcertificaat.",
            "Certificaat orderpicken; VCA basis.",
            "Praktijkverklaring magazijnmedewerker.",
        ],
    },
    "schoonmaak": {
        "strengths": [
            "Grondig en ziet wat er moet gebeuren; werkt graag vroeg.",
            "Rustig en zorgvuldig; houdt zich aan de werkvolgorde.",
            "Zelfstandig na een goede inwerkperiode; prettig in een vast team.",
        ],
        "experience": [
            "Schoonmaakwerk in een sportcomplex (werkervaringsplaats, 6 maanden).",
            "Huishoudelijk werk en wasserij in een zorginstelling.",
            "Vrijwilliger bij de kringloop: sorteren en schoonmaken van spullen.",
        ],
        "qualifications": [
            "Vakdiploma schoonmaak (SVS), basismodule.",
            "Praktijkverklaring schoonmaakmedewerker.",
            "Entreeopleiding facilitaire dienstverlening.",
        ],
    },
    "groen": {
        "strengths": [
            "Graag buiten aan het werk, ook bij slecht weer.",
            "Handig met gereedschap en zorgvuldig met planten.",
            "Goede teamspeler; werkt goed mee in een vaste ploeg.",
        ],
        "experience": [
            "Groenonderhoud in een werkervaringsproject van de gemeente.",
            "Seizoenswerk op een kwekerij (oogsten, oppotten, sorteren).",
            "Eigen moestuin en vrijwilliger bij een stadsboerderij.",
        ],
        "qualifications": [
            "Praktijkverklaring medewerker groenonderhoud.",
            "Entreeopleiding groen; certificaat veilig werken langs de weg.",
            "Certificaat bosmaaier en bladblazer.",
        ],
    },
    "horeca": {
        "strengths": [
            "Gastvrij en vriendelijk; houdt van aanpakken.",
            "Werkt hygiënisch en houdt overzicht in de drukte.",
            "Betrouwbaar en flexibel inzetbaar op vaste dagen.",
        ],
        "experience": [
            "Afwas en keukenhulp in een restaurant (1 jaar).",
            "Kamers opmaken in een hotel via een uitzendbureau.",
            "Keukenwerk in een buurthuis als vrijwilliger.",
        ],
        "qualifications": [
            "Entreeopleiding horeca; certificaat sociale hygiëne.",
            "Cursus HACCP en hygiëne in de keuken.",
            "Praktijkverklaring medewerker housekeeping.",
        ],
    },
    "zorg": {
        "strengths": [
            "Zorgzaam en geduldig; maakt makkelijk contact met ouderen.",
            "Werkt netjes en houdt zich aan afspraken en schema's.",
            "Rustig, betrouwbaar en discreet.",
        ],
        "experience": [
            "Mantelzorger voor een familielid (vijf jaar).",
            "Vrijwilliger in een verpleeghuis: koffie schenken en activiteiten begeleiden.",
            "Huishoudelijke hulp bij een thuiszorgorganisatie (oproepbasis).",
        ],
        "qualifications": [
            "Entreeopleiding dienstverlening en zorg.",
            "Certificaat hygiëne in de zorg; BHV.",
            "Diploma Nederlands B1 en praktijkverklaring facilitair medewerker.",
        ],
    },
    "productie": {
        "strengths": [
            "Constant tempo en oog voor detail; herhalend werk geen probleem.",
            "Precies en geconcentreerd bij vaste taken.",
            "Leert snel met voordoen en nadoen; werkt graag met de handen.",
        ],
        "experience": [
            "Inpakwerk bij een sociaal ontwikkelbedrijf (2 jaar).",
            "Productiewerk aan de lopende band via een uitzendbureau.",
            "Assemblage van kleine onderdelen in een werkplaats.",
        ],
        "qualifications": [
            "Entreeopleiding productie en techniek.",
            "VCA basis; cursus veilig werken met machines.",
            "Praktijkverklaring productiemedewerker.",
        ],
    },
    "administratie": {
        "strengths": [
            "Nauwkeurig en gestructureerd; houdt van orde en overzicht.",
            "Werkt goed met de computer en vaste procedures.",
            "Betrouwbaar en discreet met gegevens.",
        ],
        "experience": [
            "Archiefwerk en scannen bij een gemeente (werkervaringsplaats).",
            "Postkamer van een ziekenhuis (1 jaar).",
            "Administratief medewerker in een kleine groothandel.",
        ],
        "qualifications": [
            "Mbo 2 secretarieel; typediploma.",
            "Cursus Office en digitale vaardigheden.",
            "Entreeopleiding; certificaat archiveren.",
        ],
    },
    "techniek": {
        "strengths": [
            "Technisch handig en leergierig.",
            "Werkt veilig en netjes; denkt mee over verbeteringen.",
            "Fysiek sterk; vindt afwisseling in het werk prettig.",
        ],
        "experience": [
            "Fietsenmaker in een werkervaringsproject (1 jaar).",
            "Hulp in de bouw bij een familiebedrijf.",
            "Onderhoud en klussen in een woningcorporatie als vrijwilliger.",
        ],
        "qualifications": [
            "Entreeopleiding bouw en techniek; VCA basis.",
            "Praktijkverklaring assistent fietstechnicus.",
            "Rijbewijs B; certificaat hoogwerker.",
        ],
    },
    "ict": {
        "strengths": [
            "Sterk in patronen zien en fouten opsporen.",
            "Werkt geconcentreerd en volgt een checklist precies.",
            "Kan goed met computers en leert zichzelf nieuwe software.",
        ],
        "experience": [
            "Laptops opknappen bij een stichting voor hergebruik (vrijwilliger).",
            "Testwerk voor een gameontwikkelaar (stage).",
            "Helpdesk-stage bij een mbo-school.",
        ],
        "qualifications": [
            "Mbo 2 ICT-medewerker.",
            "Certificaat softwaretesten (basis).",
            "Havo-diploma; cursus computerhardware.",
        ],
    },
    "detailhandel": {
        "strengths": [
            "Klantvriendelijk en behulpzaam.",
            "Werkt netjes en houdt de winkel op orde.",
            "Flexibel en graag in beweging.",
        ],
        "experience": [
            "Vakkenvuller bij een supermarkt (1,5 jaar).",
            "Kassa en vakkenvullen in een tuincentrum.",
            "Vrijwilliger in een kringloopwinkel.",
        ],
        "qualifications": [
            "Entreeopleiding retail.",
            "Mbo 2 verkoopmedewerker (deels afgerond).",
            "Praktijkverklaring medewerker winkel.",
        ],
    },
    "algemeen": {
        "strengths": [
            "Breed inzetbaar en leert snel nieuwe taken.",
            "Gemotiveerd en betrouwbaar; wil graag een vaste plek.",
            "Praktisch ingesteld; werkt graag samen.",
        ],
        "experience": [
            "Verschillende uitzendbanen in productie, logistiek en schoonmaak.",
            "Werkervaringsplaats bij een sociaal ontwikkelbedrijf (1 jaar).",
            "Vrijwilliger bij een sportvereniging: kantine en terreinonderhoud.",
        ],
        "qualifications": [
            "Entreeopleiding; VCA basis.",
            "Vmbo basisberoepsgerichte leerweg.",
            "Diploma Nederlands B1; cursus digitale vaardigheden.",
        ],
    },
}
AVAILABILITY_PART_TIME = [
    "Alleen onder schooltijden (9.00-14.30 uur).",
    "Vier ochtenden per week; woensdag vrij.",
    "Maandag tot en met donderdag overdag.",
]
AVAILABILITY_FULL_TIME = [
    "Maandag tot en met vrijdag, dagdiensten.",
    "Dagdiensten; start niet voor 8.30 uur vanwege de busverbinding.",
    "Vroege en late diensten; geen nachtdiensten.",
    "Flexibel, ook op zaterdag.",
]
WORK_FITNESS = [
    "Kan de hele dag staand en lopend werken; tilt tot 15 kg.",
    "Werkt het best in een vast ritme met dezelfde taken per dag.",
    "Kan 4 uur achter elkaar werken met een korte pauze; bouwt de uren geleidelijk op.",
    "Fysiek sterk; buitenwerk is geen probleem.",
    "Zittend of afwisselend werk; niet zwaar tillen.",
    "Nauwkeurig in een constant tempo; de snelheid groeit met de routine.",
]
GUIDANCE_NEEDS = [
    "Een vaste werkbegeleider als aanspreekpunt; instructie stap voor stap (voordoen, samen "
    "doen, zelf doen).",
    "Dagplanning op papier of op een whiteboard; bij veranderingen vooraf uitleg.",
    "Jobcoach in de eerste maanden 2 tot 4 uur per week.",
    "Korte check-in aan het begin en het einde van de dag.",
    "Weinig begeleiding nodig na de inwerkperiode.",
    "Korte, duidelijke zinnen en instructies met foto's of pictogrammen.",
]
WORKPLACE_NEEDS = [
    "Rustige, prikkelarme werkplek; niet de telefoon opnemen.",
    "Vaste werkplek en vaste collega's.",
    "Pauze op een rustige plek buiten de kantine.",
    "Verstelbare werktafel.",
    "Koptelefoon of gehoorbescherming toegestaan bij lawaaiig werk.",
    "",
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


def load(*, region, managers, team_lead, today=None):
    """Create the demo candidates and what happened to them; returns how many were new.

    Needs the demo employers (employers.demo.load) in `region`. `managers`: the account
    managers (candidates are spread over them as responsible staff); `team_lead` opens requests
    at employers without a fixed account manager.
    """
    managers = list(managers)
    if not managers:
        raise ValueError("the demo needs at least one account manager")
    today = today or timezone.localdate()
    created = 0
    with transaction.atomic():
        world = _World(region=region, managers=managers, team_lead=team_lead, today=today)
        for index, spec in enumerate(CANDIDATES):
            if world.exists(spec):
                continue
            _CandidateBuilder(spec=spec, index=index, world=world).build()
            created += 1
    return created


def email_for(spec):
    name = f"{spec.first_name}.{spec.last_name}".lower().replace(" ", "")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{ascii_name.replace('-', '')}@mail.example"


class _World:
    """What every candidate's story draws on: employers, their people, requests, instruments."""

    def __init__(self, *, region, managers, team_lead, today):
        self.region = region
        self.managers = managers
        self.team_lead = team_lead
        self.today = today
        names = {spec.key: spec.name for spec in DEMO_EMPLOYERS}
        self.keys = {name: key for key, name in names.items()}
        by_name = {
            employer.name: employer
            for employer in Employer.objects.filter(name__in=names.values(), region=region)
        }
        self.employers = {key: by_name[name] for key, name in names.items() if name in by_name}
        ids = [employer.pk for employer in self.employers.values()]
        self.contacts = {}
        for contact in ContactPerson.objects.filter(employer_id__in=ids).order_by("name", "pk"):
            self.contacts.setdefault(contact.employer_id, []).append(contact)
        self.locations = {}
        for location in Location.objects.filter(employer_id__in=ids):
            self.locations.setdefault(location.employer_id, []).append(location)
        self.primary = {}
        for assignment in AccountAssignment.objects.filter(
            employer_id__in=ids, kind="primary", ended_on__isnull=True, manager__is_active=True
        ).select_related("manager"):
            self.primary[assignment.employer_id] = assignment.manager
        self.instruments = {
            instrument.name: instrument
            for instrument in Instrument.objects.filter(region=region, is_active=True)
        }
        self.requests = {}
        self.at_risk = self.at_risk_pool()

    def exists(self, spec):
        return Candidate.objects.filter(
            Q(email=email_for(spec)) | Q(first_name=spec.first_name, last_name=spec.last_name),
            region=self.region,
        ).exists()

    def employer(self, key):
        if key not in self.employers:
            raise ValueError(f"demo employer {key!r} is missing: load employers.demo first")
        return self.employers[key]

    def manager_of(self, employer):
        return self.primary.get(employer.pk)

    def location(self, employer, name=""):
        locations = self.locations.get(employer.pk, [])
        for location in locations:
            if (name and location.name == name) or (not name and location.is_main):
                return location
        return locations[0] if locations else None

    def request(self, key):
        """The demo staffing request `key`, created on first use (or found from a former run)."""
        if key in self.requests:
            return self.requests[key]
        spec = next(r for r in REQUESTS if r.key == key)
        employer = self.employer(spec.employer)
        request = StaffingRequest.objects.filter(employer=employer, title=spec.title).first()
        if request is None:
            request = services.staffing_request_create(
                employer=employer,
                by=self.manager_of(employer) or self.team_lead,
                title=spec.title,
                kind=spec.kind,
                tasks=spec.tasks,
                hours_per_week=spec.hours,
                location=self.location(employer, spec.location),
                status=spec.status,
                opened_on=_weekday(self.today - spec.opened * DAY, self.today),
            )
        self.requests[key] = request
        return request

    def at_risk_pool(self):
        """Contact persons who LEFT an active employer here after a long time there, one per
        employer, supervisors first: placements they still supervise are at risk."""
        leavers = [
            contact
            for key, employer in sorted(self.employers.items(), key=lambda item: item[1].name)
            if employer.stage in (Employer.Stage.ACTIVE, Employer.Stage.STRATEGIC_PARTNER)
            for contact in self.contacts.get(employer.pk, [])
            if contact.left_on
            and contact.active_since
            and (contact.left_on - contact.active_since).days >= 120
        ]
        pool, seen = [], set()
        for wanted in (
            lambda c: c.is_supervisor,
            lambda c: c.level == ContactPerson.Level.FLOOR,
            lambda c: True,
        ):
            for contact in leavers:
                if contact.employer_id not in seen and wanted(contact):
                    pool.append(contact)
                    seen.add(contact.employer_id)
        return pool


class _CandidateBuilder:
    def __init__(self, *, spec, index, world):
        self.spec = spec
        self.world = world
        self.today = world.today
        self.responsible = world.managers[index % len(world.managers)]
        self.rng = random.Random(f"{SEED}:candidate:{spec.first_name} {spec.last_name}")
        self.previous_end = None

    # -- helpers ------------------------------------------------------------------------------
    def weekday(self, day):
        return _weekday(day, self.today)

    def ago(self, days):
        return self.weekday(self.today - days * DAY)

    def phone(self):
        return f"06 {self.rng.randint(1000, 9999)} {self.rng.randint(1000, 9999)}"

    # -- the candidate ------------------------------------------------------------------------
    def build(self):
        spec, rng = self.spec, self.rng
        work = WORK[spec.work]
        availability = AVAILABILITY_PART_TIME if spec.hours <= 24 else AVAILABILITY_FULL_TIME
        driving = rng.random() < 0.3
        self.candidate = services.candidate_create(
            region=self.world.region,
            by=self.responsible,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=email_for(spec),
            phone=self.phone(),
            municipality=spec.municipality,
            responsible=self.responsible,
            target_groups=list(spec.target_groups),
            profile={
                "strengths": rng.choice(work["strengths"]),
                "experience": rng.choice(work["experience"]),
                "qualifications": rng.choice(work["qualifications"]),
                "hours_per_week": spec.hours,
                "availability": rng.choice(availability),
                "has_driving_licence": driving,
                "uses_public_transport": not driving or rng.random() < 0.5,
                "max_travel_minutes": rng.choice([20, 30, 30, 45, 45, 60]),
                "work_fitness": rng.choice(WORK_FITNESS),
                "guidance_needs": rng.choice(GUIDANCE_NEEDS),
                "workplace_needs": rng.choice(WORKPLACE_NEEDS),
            },
        )
        for step in spec.story:
            if isinstance(step, Offer):
                self.offer(step)
            else:
                self.place(step)

    def consent(self, employer, scope, given_on):
        if not scope:
            return None
        return services.consent_record(
            candidate=self.candidate,
            employer=employer,
            by=self.responsible,
            scope=scope,
            given_on=given_on,
        )

    def propose(self, employer, request, proposed_on, consent):
        self.consent(employer, consent, proposed_on)
        notes = OFFER_NOTES if request else OFFER_NOTES_NO_VACANCY
        return services.proposal_create(
            candidate=self.candidate,
            employer=employer,
            by=self.world.manager_of(employer) or self.responsible,
            request=request,
            note=self.rng.choice(notes),
            proposed_on=proposed_on,
        )

    def move(self, proposal, path, days, reason=""):
        by = self.world.manager_of(proposal.employer) or self.responsible
        for status, on in zip(path, days, strict=True):
            closing = status in (PS.DECLINED, PS.WITHDRAWN)
            proposal = services.proposal_set_status(
                proposal=proposal, status=status, by=by, reason=reason if closing else "", on=on
            )
        return proposal

    # -- a proposal that did not (yet) lead to a placement ------------------------------------
    def offer(self, step):
        employer = self.world.employer(step.employer)
        request = self.world.request(step.request) if step.request else None
        days = [self.ago(d) for d in step.days]
        proposal = self.propose(employer, request, days[0], step.consent)
        self.move(proposal, step.path, days[1:], step.reason)
        if step.consent_withdrawn is not None:
            consent = SharingConsent.objects.current().get(
                candidate=self.candidate, employer=employer
            )
            services.consent_withdraw(
                consent=consent, by=self.responsible, withdrawn_on=self.ago(step.consent_withdrawn)
            )

    # -- a placement --------------------------------------------------------------------------
    def place(self, job):
        world, rng = self.world, self.rng
        supervisor = None
        if job.employer.startswith(AT_RISK):
            if not world.at_risk:
                raise ValueError("the demo employers have no contact person who left")
            pool_index = int(job.employer.removeprefix(AT_RISK))
            supervisor = world.at_risk[pool_index % len(world.at_risk)]
            employer = supervisor.employer
            start = self.weekday(
                max(
                    supervisor.left_on - rng.randint(60, 150) * DAY,
                    supervisor.active_since + 30 * DAY,
                )
            )
        else:
            employer = world.employer(job.employer)
            if job.start is None:
                start = self.previous_end + DAY
                while start.weekday() >= 5:
                    start += DAY
            else:
                start = self.ago(job.start)
        request = world.request(job.request) if job.request else None
        ended_on = None
        if job.ended and job.ended[0] != "contract":
            ended_on = self.ago(job.ended[0])
        if supervisor is None:
            supervisor = self.pick_supervisor(employer, start, ended_on)
        contract_end = None
        if job.ends_in is not None:
            contract_end = self.weekday(self.today + job.ends_in * DAY)
        elif job.months:
            contract_end = start + relativedelta(months=job.months) - DAY
        if job.ended and job.ended[0] == "contract":
            ended_on = contract_end
        title = job.title or (request.title if request else "")
        if not title:  # a job at an employer chosen for the story: its sector's usual work
            title = SECTOR_JOBS[employer.sector][0][0]
            title = title[0].upper() + title[1:]
        carved = job.carved or (request.tasks if request and request.kind == CARVED else "")
        proposal = None
        if job.path is not None:
            proposal = self.proposal_before(employer, request, start, job.path, job.consent)
        location = world.location(employer, job.location)
        if request is not None and request.location is not None:
            location = request.location
        fields = {
            "location": location,
            "job_title": title,
            "is_carved_job": bool(carved),
            "carved_tasks": carved,
            "start_date": start,
            "contract_type": job.contract,
            "contract_end": contract_end,
            "hours_per_week": Decimal(job.hours),
            "supervisor": supervisor,
            "responsible": self.responsible,
        }
        coach_until = None
        if job.coach:
            hours, months = job.coach
            name, organisation = rng.choice(COACHES)
            if job.contract == CT.SECONDMENT:
                name, organisation = COACHES[0]
            coach_until = start + relativedelta(months=months)
            fields.update(
                job_coach_name=name,
                job_coach_organisation=organisation,
                job_coach_hours=Decimal(hours),
                job_coach_until=coach_until,
            )
        placement = placement_services.placement_start(
            candidate=self.candidate,
            employer=employer,
            by=world.manager_of(employer) or self.responsible,
            proposal=proposal,
            **fields,
        )
        if request is not None and request.status != RS.FILLED:
            world.requests[job.request] = services.staffing_request_update(
                request=request, by=placement.created_by, status=RS.FILLED
            )
        for period in job.periods:
            self.add_period(placement, period, contract_end, coach_until, ended_on)
        self.follow_ups(placement, job, ended_on, supervisor)
        if ended_on is not None:
            self.end(placement, job, ended_on, employer)
        self.previous_end = ended_on

    def proposal_before(self, employer, request, start, path, consent):
        """A proposal that went through `path` and is placed on `start`."""
        rng = self.rng
        days = []
        day = start
        for _status in reversed(path):
            day = self.weekday(day - rng.randint(5, 12) * DAY)
            days.insert(0, day)
        proposed_on = self.weekday(day - rng.randint(6, 20) * DAY)
        if request is not None:
            proposed_on = max(proposed_on, request.opened_on)
        proposal = self.propose(employer, request, proposed_on, consent)
        return self.move(proposal, path, days)

    def pick_supervisor(self, employer, start, ended_on):
        """A contact person who was there at the start (and, for a running placement, still is):
        a supervisor or buddy by preference, else the shop floor, else HR and management."""
        present = [
            contact
            for contact in self.world.contacts.get(employer.pk, [])
            if (contact.active_since is None or contact.active_since <= start)
            and (contact.left_on is None or (ended_on is not None and contact.left_on > ended_on))
        ]
        for wanted in (
            lambda c: c.is_supervisor,
            lambda c: c.level == ContactPerson.Level.FLOOR,
            lambda c: c.level == ContactPerson.Level.MIDDLE,
            lambda c: True,
        ):
            chosen = [contact for contact in present if wanted(contact)]
            if chosen:
                return self.rng.choice(chosen)
        return None

    def add_period(self, placement, period, contract_end, coach_until, ended_on):
        instrument = self.world.instruments.get(period.name)
        if instrument is None:  # the region removed it from its catalogue
            return
        start = placement.start_date + relativedelta(months=period.after)
        if ended_on is not None and start > ended_on:
            return
        end = None
        if period.until == "contract":
            end = contract_end
        elif period.until == "coach":
            end = coach_until
        elif period.months:
            end = start + relativedelta(months=period.months) - DAY
        status = period.status or InstrumentPeriod.Status.GRANTED
        if ended_on is not None:
            end = min(end, ended_on) if end else ended_on
            status = InstrumentPeriod.Status.ENDED
        elif end is not None and end < self.today and not period.status:
            status = InstrumentPeriod.Status.ENDED
        reference = ""
        if status != InstrumentPeriod.Status.APPLIED:
            prefix = REFERENCE_PREFIXES.get(instrument.kind, "WSP")
            reference = f"{prefix}-{start.year}-{self.rng.randint(10000, 99999)}"
        placement_services.instrument_period_add(
            placement=placement,
            by=placement.responsible,
            instrument=instrument,
            start=start,
            end=end,
            decision_reference=reference,
            status=status,
            note=period.note,
        )

    # -- follow-up (nazorg) -------------------------------------------------------------------
    def follow_ups(self, placement, job, ended_on, supervisor):
        rng = self.rng
        last_day = min(ended_on, self.today) if ended_on else self.today
        checkpoints = list(placement.follow_ups.order_by("due_on", "pk"))
        past = [c for c in checkpoints if c.due_on < self.today and c.due_on <= last_day]
        if job.open_checkpoints and ended_on is None:
            past = past[: -job.open_checkpoints]
        for position, checkpoint in enumerate(past):
            is_last = position == len(past) - 1
            outcome = OUTCOME.GOING_WELL if rng.random() < 0.72 else OUTCOME.ATTENTION
            note = rng.choice(NOTES[outcome])
            reason = job.ended[1] if job.ended else None
            if is_last and reason in AT_RISK_NOTES:
                outcome, note = OUTCOME.AT_RISK, AT_RISK_NOTES[reason]
            if (
                supervisor is not None
                and supervisor.left_on
                and checkpoint.due_on >= supervisor.left_on
            ):
                outcome = OUTCOME.ATTENTION
                note = (
                    f"Werkbegeleider {supervisor.name} is vertrokken; de teamleider vangt de "
                    "vragen voorlopig op. Nieuwe vaste begeleider nog niet bekend."
                )
            done_on = self.weekday(checkpoint.due_on + rng.randint(-2, 4) * DAY)
            done_on = min(max(done_on, placement.start_date), last_day)
            placement_services.follow_up_record(
                follow_up=checkpoint,
                outcome=outcome,
                by=placement.responsible,
                note=note,
                done_on=done_on,
            )
        if ended_on is None and job.move_next_checkpoint:
            upcoming = [c for c in checkpoints if c.due_on >= self.today]
            if upcoming:
                placement_services.follow_up_move(
                    follow_up=upcoming[0],
                    due_on=upcoming[0].due_on + job.move_next_checkpoint * DAY,
                    by=placement.responsible,
                )
        if ended_on is None and job.extra_checkpoint:
            in_days, label = job.extra_checkpoint
            placement_services.follow_up_add(
                placement=placement,
                due_on=self.weekday(self.today + in_days * DAY),
                kind=label,
                by=placement.responsible,
            )

    def end(self, placement, job, ended_on, employer):
        _when, reason, note = job.ended
        exit_talk = placement_services.follow_up_add(
            placement=placement, due_on=ended_on, kind=CHECKPOINT_EXIT, by=placement.responsible
        )
        placement_services.follow_up_record(
            follow_up=exit_talk,
            outcome=OUTCOME.ENDED,
            by=placement.responsible,
            note=EXIT_NOTES.get(reason, note),
            done_on=min(ended_on, self.today),
        )
        placement_services.placement_end(
            placement=placement,
            ended_on=ended_on,
            reason=reason,
            by=placement.responsible,
            note=note,
        )
        if job.consent_withdrawn_after_end is not None:
            consent = SharingConsent.objects.current().filter(
                candidate=self.candidate, employer=employer
            )
            for row in consent:
                services.consent_withdraw(
                    consent=row,
                    by=self.responsible,
                    withdrawn_on=min(ended_on + job.consent_withdrawn_after_end * DAY, self.today),
                )


def _weekday(day, today):
    """The nearest working day (Saturday -> Friday, Sunday -> Monday unless that is ahead)."""
    if day.weekday() == 5:
        return day - DAY
    if day.weekday() == 6:
        return day + DAY if day + DAY <= today else day - 2 * DAY
    return day
