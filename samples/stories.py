"""Text of the fictional wire stories used by the sample pages.

Every story, name and quote here is invented for wire-ingest's demo and tests;
none of it is copied from a real article. make_pages.py and make_warc.py wrap
these texts in site chrome that imitates msn.com, Yahoo News, AOL, apnews.com,
a local newspaper (TownNews-style) and Reuters.
"""

# Story A: one AP story carried by msn, Yahoo and a local paper (no apnews copy).
A_HEADLINE = "Rising Mississippi shuts river locks, stranding hundreds of grain barges"
A_HEADLINE_YAHOO = "Rising Mississippi River shuts locks, strands hundreds of grain barges"
A_BYLINE = "By DANIEL OKAFOR and RUTH BRANNIGAN"
A_PUBLISHED = "2026-11-25T21:14:00Z"
A_PARAGRAPHS = [
    "ST. LOUIS (AP) — A fast-rising Mississippi River forced the U.S. Army Corps of Engineers to close five locks north of St. Louis on Wednesday, stranding more than 300 grain barges at the height of the fall harvest shipping season.",
    "The closures stretch from Lock and Dam 20 near Canton, Missouri, to the Mel Price Locks and Dam at Alton, Illinois, the Corps said in a navigation notice. Officials said the locks would stay shut until the river crests, which forecasters expect early next week.",
    "Heavy rain over Iowa and northern Illinois pushed several tributaries over their banks last weekend, sending a pulse of water downstream faster than river managers had anticipated. At Grafton, Illinois, the river rose nearly 6 feet (1.8 meters) in three days.",
    "“We don’t close these gates lightly,” said Col. Andrea Whitfield, commander of the Corps’ St. Louis District. “But once the current gets past a certain point, it’s simply not safe to bring a 15-barge tow into a lock chamber.”",
    "The timing is painful for farmers. Roughly 60% of U.S. corn and soybean exports move down the Mississippi to Gulf Coast terminals, and November is usually among the river’s busiest months.",
    "Tom Heidbrink, who farms about 2,000 acres near Quincy, Illinois, said his local elevator stopped accepting soybeans on Tuesday because it had nowhere to send them. “The bins are full, the barges are tied up, and the beans are sitting in the field,” he said.",
    "Barge freight rates out of St. Louis jumped about 18% in two days, according to a weekly transportation report from the U.S. Department of Agriculture, and some grain buyers widened the discount they pay farmers for delivering to river terminals.",
    "The problem is the reverse of the one shippers faced in recent autumns, when drought left the river so low that barges ran aground and towboat operators had to lighten their loads.",
    "The National Weather Service has issued flood warnings for river towns from Burlington, Iowa, to Chester, Illinois. Crews in Hannibal, Missouri, began installing the floodwall gates that protect the city’s historic downtown on Wednesday afternoon.",
    "The Coast Guard said it was also limiting nighttime traffic on a 40-mile (64-kilometer) stretch below St. Louis because of debris in the channel.",
]
A_CAPTION = ("Towboats push grain barges toward a closed lock on the Mississippi River near Alton, Ill., on Wednesday, Nov. 25, 2026.", "AP Photo/Jeff Lindqvist")

# Story B: AP story on apnews.com with an appended second AP story.
B_HEADLINE = "Volunteers truck water into a drying Oregon marsh to save a threatened frog"
B_BYLINE = "By CLAIRE MUNSON"
B_PUBLISHED = "2026-11-25T16:02:00Z"
B_PARAGRAPHS = [
    "BEND, Ore. (AP) — Every morning at dawn, a line of pickup trucks pulls off a gravel road west of Bend, and volunteers begin pumping water from plastic tanks into the last pools of a marsh that has been shrinking all autumn.",
    "The water is for the Oregon spotted frog, a threatened species that depends on shallow, sun-warmed wetlands to breed and survive the winter. Biologists say this marsh holds one of the largest remaining populations in central Oregon.",
    "“If these pools go dry before the ground freezes, we could lose most of the adults in a single season,” said Marisol Quintero, a wildlife biologist with the Oregon Department of Fish and Wildlife who is coordinating the effort.",
    "A dry spring and a record-warm September left the upper Deschutes basin short of water, and irrigation districts cut deliveries weeks early. The marsh, fed by a small spring and seepage from a nearby canal, lost about two-thirds of its surface area between August and November.",
    "The volunteers, many of them retirees and high school students, have moved more than 90,000 gallons (340,000 liters) of water since mid-October, according to the department. A local irrigation district donated the water, and a farm supply store lent the tanks.",
    "The frogs spend the winter in the mud and water at the bottom of the pools, where they need enough oxygen to stay alive under the ice. Biologists have been measuring oxygen levels twice a week.",
    "Federal wildlife officials listed the Oregon spotted frog as threatened in 2014, citing the loss of wetlands to development, changes in river flows and the spread of nonnative bullfrogs that eat the smaller frogs.",
    "Quintero said the trucking effort is a stopgap. The department is negotiating with landowners and the irrigation district over a longer-term agreement that would keep a minimum flow in the marsh through the fall.",
    "“Nobody wants to be doing this every year,” she said. “But this year, it was this or watch them die.”",
]
B_CAPTIONS = [
    ("Volunteer Ellen Varga pumps water from a tank into a shrinking pool of a marsh west of Bend, Ore., on Tuesday, Nov. 24, 2026.", "AP Photo/Nathan Ridley"),
    ("An Oregon spotted frog rests in shallow water at a marsh near Bend, Ore., on Tuesday, Nov. 24, 2026.", "AP Photo/Nathan Ridley"),
]
B2_HEADLINE = "Maine fishing town votes to rebuild storm-wrecked wharf with federal grant"
B2_BYLINE = "By PETER ASHCROFT"
B2_PARAGRAPHS = [
    "ROCKLAND, Maine (AP) — Voters in a small Maine fishing town agreed Wednesday to rebuild a town-owned wharf that was torn apart by storms last winter, accepting a federal grant that will cover most of the $4.2 million cost.",
    "The vote at a special town meeting in Tarrant Cove, a village of about 1,600 people south of Rockland, was 212 to 37. Lobstermen have been unloading their catch at a temporary float since the wharf’s pilings gave way in January.",
    "“This is where half the town makes its living,” said harbor master Dana Colby. “Without a working wharf, you don’t have a working waterfront.”",
    "The new wharf will sit about 3 feet (0.9 meters) higher than the old one, a design the town’s engineers said should keep it above storm surges like the ones that swamped much of the Maine coast last winter.",
    "The grant comes from a state program that distributes federal money to rebuild working waterfronts damaged by storms. The town will pay the remaining $600,000 from its reserves.",
    "Construction is expected to begin in April and finish before the summer lobster season peaks.",
]

# Story C: AP story on msn with three teaser cards between body paragraphs.
C_HEADLINE = "Colorado regulators approve plan to close state’s last coal plant two years early"
C_BYLINE = "By JESSE ALVARADO"
C_PUBLISHED = "2026-11-25T23:41:00Z"
C_PARAGRAPHS = [
    "DENVER (AP) — Colorado utility regulators on Wednesday approved a plan to close the state’s last coal-fired power plant two years earlier than scheduled, replacing it with a mix of wind, solar and battery storage.",
    "The three-member Public Utilities Commission voted unanimously to let the Pine Ridge Generating Station in southern Colorado shut its remaining unit by the end of 2029. The plant’s owner, Front Range Power Cooperative, had asked for the earlier date in a filing last spring.",
    "The cooperative says the change will save its members about $140 million over two decades, mostly by avoiding costly repairs to a boiler that has broken down repeatedly since 2023.",
    "“The economics have moved faster than anyone expected,” commission chair Helen Marsh said before the vote. “Our job is to make sure the lights stay on while that happens.”",
    "Under the plan, the cooperative will build 400 megawatts of solar panels and 250 megawatts of battery storage on land near the plant, and buy power from a wind farm under construction in eastern Colorado.",
    "About 180 people work at the plant and the coal mine that supplies it. The cooperative has promised to offer every plant employee a job elsewhere in the company or a retraining package, and the state will contribute $12 million to a fund for the surrounding county.",
    "County commissioners said the plant pays about a third of local property taxes, and they worry about the hit to schools and the hospital district once it closes.",
    "“We’ve heard a lot of promises,” said commissioner Ray Trujillo. “We’ll believe it when the new tax base shows up.”",
    "Environmental groups praised the decision but said the state still needs to speed up construction of transmission lines to move renewable power to cities along the Front Range.",
    "Colorado law requires utilities to cut carbon emissions from electricity 80% below 2005 levels by 2030.",
]
C_CAPTIONS = [
    ("Steam rises from the Pine Ridge Generating Station in southern Colorado on Tuesday, Nov. 24, 2026.", "AP Photo/Lena Hartwell"),
    ("Members of the Colorado Public Utilities Commission listen to testimony in Denver on Wednesday, Nov. 25, 2026.", "AP Photo/Lena Hartwell"),
]
# (headline, summary, provider, msn path); inserted after body paragraphs 2, 5 and 8.
C_CARDS = [
    ("New Mexico utility to pay customers for cutting power use during heat waves",
     "Customers who let the utility nudge their thermostats on the hottest afternoons will get a credit of up to $100 a year under a program approved this week.",
     "Plains Herald", "/en-us/news/us/new-mexico-utility-to-pay-customers-for-cutting-power-use-during-heat-waves/ar-AA1qTr7x"),
    ("What a coal plant closure means for a small town’s budget",
     "Property taxes from a single power plant can pay for a rural county’s schools for decades. Here is what happens when the plant goes away.",
     "Front Range Ledger", "/en-us/money/markets/what-a-coal-plant-closure-means-for-a-small-town-s-budget/ar-AA1qS0bK"),
    ("Battery storage is booming in the West. Can the grid keep up?",
     "Developers have asked to connect more than 20,000 megawatts of batteries to Western grids, far more than utilities can study in time.",
     "Energy Desk Weekly", "/en-us/news/technology/battery-storage-is-booming-in-the-west-can-the-grid-keep-up/ar-AA1qRm2c"),
]
C_CARD_AFTER = (2, 5, 8)
C_COMMENTS = [
    ("prairiedog88", "About time. That boiler has been a money pit for years."),
    ("usr: 0", "This is interesting!"),
    ("Marcy T.", "Who pays for the transmission lines though? Always the ratepayers."),
]

# Story D: AP story on Yahoo; one photo caption carries single-byte mojibake.
D_HEADLINE = "South Texas town rallies to rebuild beloved bakery after fire"
D_BYLINE = "By VALERIE ORTEGA"
D_PUBLISHED = "2026-11-22T18:30:00Z"
D_PARAGRAPHS = [
    "SAN BENITO, Texas (AP) — For 41 years, José Martínez opened the doors of his bakery at 4:30 a.m., six days a week. When a kitchen fire gutted the building last month, his customers decided it was their turn to show up early.",
    "Neighbors have raised more than $160,000 through a community fundraiser, and on Saturday about 70 volunteers spent the day hauling out charred equipment and scraping smoke-stained walls at Panadería La Estrella.",
    "“I didn’t ask anybody for anything,” Martínez, 68, said as he watched a crew carry out the blackened remains of his main oven. “They just came.”",
    "Fire officials said the blaze started in an electrical panel behind the ovens shortly after closing time on Oct. 19. No one was hurt, but the building was left without a roof over the kitchen.",
    "The bakery is known across the Rio Grande Valley for its conchas, empanadas de calabaza and the pan de muerto Martínez bakes each fall for Día de los Muertos. This year, for the first time, there was none.",
    "Martínez’s daughter, Ana Martínez Treviño, set up the fundraiser after customers kept calling to ask how they could help. Insurance will cover part of the rebuilding, she said, but not the ovens, which her father bought used in the 1980s.",
    "A restaurant supply company in McAllen has offered to sell the family two new ovens at cost, and a local contractor is donating labor to rebuild the roof.",
    "Martínez hopes to reopen by Christmas Eve, when the line for his tamales usually stretches down the block. “If we are open, even with half a kitchen, we will make them,” he said.",
]
# The correct caption; make_pages.py breaks it (latin-1 bytes read as MacRoman).
D_CAPTION = ("José Martínez stands in the burned kitchen of his bakery, Panadería La Estrella, in San Benito, Texas, on Saturday, Nov. 21, 2026.", "AP Photo/Roberto Salinas")

# Story E: AP en español.
E_HEADLINE = "Productores de aguacate bloquean carreteras en Michoacán para exigir protección contra extorsiones"
E_BYLINE = "Por MARÍA FERNANDA SOTO"
E_PUBLISHED = "2026-11-25T20:05:00Z"
E_PARAGRAPHS = [
    "CIUDAD DE MÉXICO (AP) — Cientos de productores de aguacate bloquearon el miércoles varias carreteras del estado de Michoacán, en el occidente de México, para exigir al gobierno federal más protección frente a los grupos criminales que les cobran cuotas por cada kilo que cosechan.",
    "Los manifestantes, que llegaron en camionetas y tractores, cerraron durante más de seis horas la autopista que une Uruapan con Morelia y otros tres caminos de la región, según la Guardia Nacional.",
    "“Ya no podemos trabajar así. Pagamos al que vende el fertilizante, al que transporta la fruta y además a los que nos amenazan”, dijo Rogelio Barajas, un productor de la zona de Tancítaro que participó en el bloqueo.",
    "Michoacán produce cerca de tres cuartas partes del aguacate que México exporta a Estados Unidos, un negocio que supera los 3.000 millones de dólares al año.",
    "La Secretaría de Seguridad estatal informó que mantiene operativos en los municipios aguacateros y que en lo que va del año ha detenido a 48 personas por el delito de extorsión.",
    "Los productores pidieron reunirse con funcionarios federales antes de que termine la temporada alta de cosecha, en enero. Al caer la tarde, la Secretaría de Gobernación aceptó recibir a una comisión de diez representantes la próxima semana.",
    "Los bloqueos provocaron largas filas de camiones de carga, aunque no se reportaron enfrentamientos.",
]
E_CAPTION = ("Productores de aguacate bloquean la autopista Uruapan-Morelia, en el estado de Michoacán, México, el miércoles 25 de noviembre de 2026.", "Foto AP/Armando Solís")

# Story F: AP story on aol.com (page declares iso-8859-1, bytes are UTF-8).
F_HEADLINE = "Quebec’s maple syrup producers tap strategic reserve after short spring harvest"
F_BYLINE = "By MARC-ANDRÉ LEBLANC"
F_PUBLISHED = "2026-11-26T14:20:00Z"
F_PARAGRAPHS = [
    "MONTREAL (AP) — Quebec’s maple syrup producers will release nearly 20 million kilograms (44 million pounds) of syrup from their strategic reserve this winter after a warm, short spring cut the year’s harvest by almost a third, the industry group that manages the province’s supply said Thursday.",
    "The Quebec Maple Syrup Producers, which controls the marketing of most of the syrup made in the province, said the release would keep store shelves stocked and prices stable until the next sugaring season begins in March.",
    "“The reserve exists exactly for years like this one,” said Élise Gagnon, the group’s spokeswoman. “Buyers in the United States and Europe don’t need to worry.”",
    "Quebec produces about 70% of the world’s maple syrup. The reserve, stored in warehouses in Laurierville and Saint-Antoine-de-Tilly, was built up after several record harvests and held about 60 million kilograms at the end of last year.",
    "Producers said sap stopped running after barely three weeks in many regions this spring, when daytime temperatures climbed too high for the freeze-thaw cycle that makes the sap flow.",
    "“We tapped at the end of February and it was over by the third week of March,” said Réjean Côté, who runs a sugar shack near Trois-Rivières. “My grandfather never saw a season like that.”",
    "The group said it will also ask the provincial government to fund research on tapping techniques that extend the season as the climate warms.",
]

# Story G: AP story on a local paper's site served in windows-1252.
G_HEADLINE = "Vermont town’s only grocery reopens as a co-op a year after closing"
G_BYLINE = "By LISA RATHBONE"
G_PUBLISHED = "2026-11-21T19:45:00Z"
G_PARAGRAPHS = [
    "WALDEN, Vt. (AP) — A year after the only grocery store in this northern Vermont town closed its doors, residents lined up in the cold on Saturday morning to shop at its replacement: a cooperative owned by more than 900 of their neighbors.",
    "The Walden Community Market opened in the same brick building on Main Street, with the same wooden floors and, in a few cases, the same employees. Members paid $200 each for a share, and a state grant and a local credit union loan covered the rest of the $1.3 million cost.",
    "“When the old store closed, people were driving 25 minutes each way for a gallon of milk,” said Renée Lafleur, who chairs the co-op’s board. “For older folks without a car, that’s not an errand — that’s a crisis.”",
    "Rural grocery closures have become common across New England as small independent stores struggle to compete with dollar stores and big supermarkets in larger towns.",
    "The co-op plans to stock produce, meat and cheese from farms within 30 miles (48 kilometers) and will keep a café counter in the front of the store, where the old owners served coffee for decades.",
    "General manager Tom Beaulieu said the store needs about $45,000 in sales a week to break even. Opening day, he said, “was a very good start.”",
    "Shoppers filled the aisles until the store ran out of bread shortly after noon.",
]

# WARC page 1: a local, non-wire story (no dateline, no wire credit).
L_HEADLINE = "City council approves new splash pad for Riverside Park"
L_BYLINE = "By Karen Lindqvist, Staff Writer"
L_PUBLISHED = "2026-11-25T02:10:00Z"
L_PARAGRAPHS = [
    "Children in Cedar Valley will have a new place to cool off next summer after the City Council voted 6-1 on Tuesday night to build a splash pad at Riverside Park.",
    "The $780,000 project will replace the park’s wading pool, which has been closed since 2024 because of a cracked basin and outdated filtration equipment.",
    "Parks director Alicia Brandt told the council the splash pad will cost about a third as much to operate as the old pool, because it recirculates and treats a much smaller volume of water and does not need lifeguards.",
    "Council member Greg Hollis cast the lone vote against the project, saying the city should finish repairing the sidewalks on the north side before adding new amenities.",
    "Construction is scheduled to begin in March, with an opening planned for Memorial Day weekend.",
]

# WARC page 2: a Reuters story.
R_HEADLINE = "Copper hits two-month high as Chilean mine strike drags on"
R_BYLINE = "By Hannah Wexford"
R_PUBLISHED = "2026-11-26T11:37:00Z"
R_PARAGRAPHS = [
    "LONDON, Nov 26 (Reuters) - Copper prices rose to their highest in two months on Thursday as a strike at a large Chilean mine entered its third week, raising concerns about supply heading into the new year.",
    "Three-month copper on the London Metal Exchange was up 1.4% at $9,985 a metric ton by 1130 GMT, after touching its highest since late September earlier in the session.",
    "Workers at the Cerro Blanco mine in northern Chile walked off the job on Nov. 5 after talks over a new wage contract broke down. The mine produced about 310,000 tons of copper last year.",
    "“The market had been pricing in a quick deal, and that is looking less likely by the day,” said a metals analyst at a London brokerage.",
    "A weaker dollar also supported metals priced in the U.S. currency, making them cheaper for buyers holding other currencies.",
    "Aluminium was little changed at $2,540 a ton, while zinc gained 0.6%.",
]
R_TRAILER = "Reporting by Hannah Wexford; Editing by Tom Aldridge"
