"""What the demo candidates' work profiles say, in work terms an employer can use (never a
diagnosis): strengths, experience and qualifications per kind of work, availability, what work
suits them, and the guidance and workplace they need. demo/candidates.py fills the profiles."""

# fmt: off
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
# fmt: on
