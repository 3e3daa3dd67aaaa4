"""Original texts for the Sieve fixtures (written for this project; no third-party text).

Imported by scripts/make-fixtures.py. Each page is (url, title, [paragraphs]); languages use
GlotLID-style labels. Python 3 stdlib only.
"""

# Boilerplate words per language: nav items, cookie banner, accept button, rights notice,
# sidebar heading, footer links, html lang attribute.
BOILERPLATE = {
    "deu_Latn": (["Startseite", "Region", "Politik", "Sport", "Kultur", "Kontakt"],
                 "Wir verwenden Cookies, um unsere Website für Sie zu verbessern.", "Alle akzeptieren",
                 "Alle Rechte vorbehalten.", "Meistgelesen", ["Impressum", "Datenschutz", "AGB"], "de"),
    "fra_Latn": (["Accueil", "Région", "Politique", "Sport", "Culture", "Contact"],
                 "Nous utilisons des cookies pour améliorer votre expérience.", "Tout accepter",
                 "Tous droits réservés.", "Les plus lus", ["Mentions légales", "Confidentialité", "CGV"], "fr"),
    "ita_Latn": (["Home", "Regione", "Politica", "Sport", "Cultura", "Contatti"],
                 "Utilizziamo i cookie per migliorare la tua esperienza.", "Accetta tutto",
                 "Tutti i diritti riservati.", "I più letti", ["Note legali", "Privacy", "Condizioni"], "it"),
    "roh_Latn": (["Pagina da partenza", "Regiun", "Politica", "Sport", "Cultura", "Contact"],
                 "Nus duvrain cookies per meglierar nossa pagina d'internet.", "Acceptar tut",
                 "Tut ils dretgs reservads.", "Ils pli legids", ["Impressum", "Protecziun da datas", "Cundiziuns"], "rm"),
    "eng_Latn": (["Home", "News", "Recipes", "Outdoors", "Shop", "Contact"],
                 "We use cookies to improve your experience on our site.", "Accept all",
                 "All rights reserved.", "Most read", ["Imprint", "Privacy policy", "Terms of use"], "en"),
    "spa_Latn": (["Inicio", "Noticias", "Recetas", "Deportes", "Tienda", "Contacto"],
                 "Utilizamos cookies para mejorar su experiencia.", "Aceptar todo",
                 "Todos los derechos reservados.", "Lo más leído", ["Aviso legal", "Privacidad", "Condiciones"], "es"),
    "rus_Cyrl": (["Главная", "Новости", "Город", "Спорт", "Культура", "Контакты"],
                 "Мы используем файлы cookie, чтобы улучшить работу сайта.", "Принять все",
                 "Все права защищены.", "Самое читаемое", ["О проекте", "Конфиденциальность", "Условия"], "ru"),
    "ell_Grek": (["Αρχική", "Ειδήσεις", "Περιφέρεια", "Αθλητισμός", "Πολιτισμός", "Επικοινωνία"],
                 "Χρησιμοποιούμε cookies για να βελτιώσουμε την εμπειρία σας.", "Αποδοχή όλων",
                 "Με επιφύλαξη παντός δικαιώματος.", "Δημοφιλή", ["Όροι χρήσης", "Απόρρητο", "Ταυτότητα"], "el"),
    "arb_Arab": (["الرئيسية", "أخبار", "اقتصاد", "رياضة", "ثقافة", "اتصل بنا"],
                 "نستخدم ملفات تعريف الارتباط لتحسين تجربتك.", "قبول الكل",
                 "جميع الحقوق محفوظة.", "الأكثر قراءة", ["سياسة الخصوصية", "شروط الاستخدام", "من نحن"], "ar"),
    "hin_Deva": (["होम", "समाचार", "राज्य", "खेल", "मनोरंजन", "संपर्क"],
                 "हम आपके अनुभव को बेहतर बनाने के लिए कुकीज़ का उपयोग करते हैं।", "सभी स्वीकार करें",
                 "सर्वाधिकार सुरक्षित।", "सबसे ज़्यादा पढ़े गए", ["गोपनीयता नीति", "उपयोग की शर्तें", "हमारे बारे में"], "hi"),
    "tha_Thai": (["หน้าแรก", "ข่าว", "ท่องเที่ยว", "อาหาร", "กีฬา", "ติดต่อเรา"],
                 "เว็บไซต์นี้ใช้คุกกี้เพื่อพัฒนาประสบการณ์ของคุณ", "ยอมรับทั้งหมด",
                 "สงวนลิขสิทธิ์", "ยอดนิยม", ["นโยบายความเป็นส่วนตัว", "เงื่อนไขการใช้งาน", "เกี่ยวกับเรา"], "th"),
    "cmn_Hani": (["首页", "新闻", "本地", "美食", "旅游", "联系我们"],
                 "本网站使用Cookie以改善您的浏览体验。", "全部接受",
                 "版权所有。", "热门文章", ["隐私政策", "使用条款", "关于我们"], "zh-CN"),
    "jpn_Jpan": (["ホーム", "ニュース", "地域", "グルメ", "旅行", "お問い合わせ"],
                 "当サイトではサービス向上のためにクッキーを使用しています。", "すべて同意する",
                 "無断転載を禁じます。", "人気記事", ["プライバシーポリシー", "利用規約", "運営会社"], "ja"),
    "swh_Latn": (["Mwanzo", "Habari", "Kitaifa", "Michezo", "Burudani", "Wasiliana nasi"],
                 "Tunatumia vidakuzi ili kuboresha matumizi yako ya tovuti.", "Kubali zote",
                 "Haki zote zimehifadhiwa.", "Zilizosomwa zaidi", ["Sera ya faragha", "Masharti", "Kuhusu sisi"], "sw"),
    "por_Latn": (["Início", "Notícias", "Receitas", "Desporto", "Loja", "Contacto"],
                 "Utilizamos cookies para melhorar a sua experiência.", "Aceitar tudo",
                 "Todos os direitos reservados.", "Mais lidas", ["Aviso legal", "Privacidade", "Termos"], "pt"),
    "nld_Latn": (["Home", "Nieuws", "Regio", "Sport", "Cultuur", "Contact"],
                 "Wij gebruiken cookies om uw ervaring te verbeteren.", "Alles accepteren",
                 "Alle rechten voorbehouden.", "Meest gelezen", ["Colofon", "Privacy", "Voorwaarden"], "nl"),
    "pol_Latn": (["Strona główna", "Wiadomości", "Region", "Sport", "Kultura", "Kontakt"],
                 "Używamy plików cookie, aby poprawić działanie serwisu.", "Akceptuję wszystkie",
                 "Wszelkie prawa zastrzeżone.", "Najczęściej czytane", ["Regulamin", "Polityka prywatności", "O nas"], "pl"),
    "kor_Hang": (["홈", "뉴스", "지역", "생활", "여행", "문의하기"],
                 "이 사이트는 더 나은 서비스를 위해 쿠키를 사용합니다.", "모두 허용",
                 "무단 전재 및 재배포 금지.", "많이 본 기사", ["개인정보처리방침", "이용약관", "회사소개"], "ko"),
}

# Ordinary pages per language: (url, title, paragraphs).
PAGES = {
    "deu_Latn": [
        ("https://news.example-optout.ch/de/region/2025/01/neue-buslinie-oberland.html",
         "Neue Buslinie verbindet die Dörfer im Oberland", [
             "Ab dem Fahrplanwechsel im Frühling fährt eine neue Buslinie zwischen Unterbach, Mettlen und dem Bahnhof Oberwil. Der Gemeindeverband hat das Angebot nach einer zweijährigen Testphase mit einem Rufbus definitiv beschlossen. Künftig verkehren die Busse werktags im Halbstundentakt, am Wochenende stündlich.",
             "Besonders ältere Menschen und Schulkinder sollen von der Verbindung profitieren. Bisher mussten viele Familien ihre Kinder mit dem Auto zur Oberstufe fahren, weil die letzte Verbindung am Nachmittag zu früh fuhr. Gemeindepräsidentin Ruth Imhof spricht von einem wichtigen Schritt für die ganze Talschaft.",
             "Die Kosten von rund 480 000 Franken pro Jahr teilen sich Kanton und Gemeinden. Ob die Linie langfristig bestehen bleibt, hängt von den Fahrgastzahlen ab, die nach zwei Jahren erneut geprüft werden."]),
        ("https://blog.ccbot-block.de/2024/11/herbstwanderung-am-kamm.html",
         "Herbstwanderung am Kamm: Nebel unten, Sonne oben", [
             "Am Samstag sind wir früh um sieben in Kirchdorf losgelaufen. Im Tal lag dichter Nebel, die Wiesen waren nass und man sah kaum zwanzig Meter weit. Nach etwa einer Stunde Aufstieg durch den Buchenwald wurde es plötzlich hell, und wir standen über einem weißen Meer, aus dem nur die Kirchtürme der Nachbardörfer herausragten.",
             "Der Weg über den Kamm ist gut markiert, aber an zwei Stellen ausgesetzt. Mit Kindern würde ich die Variante über die Hütte empfehlen, die etwas länger ist, dafür aber breite Forstwege hat. In der Hütte gab es Kürbissuppe und Apfelstrudel, beides sehr zu empfehlen.",
             "Für die ganze Runde haben wir mit Pausen knapp sechs Stunden gebraucht. Unbedingt genug Wasser mitnehmen, denn unterwegs gibt es keinen Brunnen."]),
        ("https://blog.ccbot-block.de/private/entwurf-gemeinderatssitzung.html",
         "Entwurf: Notizen zur Gemeinderatssitzung", [
             "Dies ist ein Entwurf und noch nicht zur Veröffentlichung gedacht. In der letzten Sitzung des Gemeinderats ging es vor allem um die Sanierung der Turnhalle und um die Frage, ob der Wochenmarkt auf den Kirchplatz verlegt werden soll. Die Diskussion war lang und teilweise ziemlich hitzig.",
             "Die Verwaltung schlägt vor, die Turnhalle in zwei Etappen zu sanieren, damit die Vereine nicht ein ganzes Jahr ohne Halle auskommen müssen. Mehrere Mitglieder des Rates wollten zuerst wissen, wie hoch die Kosten für die Übergangslösung wären. Eine Entscheidung wurde auf die nächste Sitzung im Februar vertagt."]),
        ("https://blog.ccbot-block.de/private/public-notes/lesetipps-winter.html",
         "Lesetipps für lange Winterabende", [
             "Jedes Jahr im Dezember stelle ich hier ein paar Bücher vor, die mich im vergangenen Jahr begleitet haben. Dieses Mal sind es vor allem Romane über Familien, über das Erwachsenwerden auf dem Land und über Menschen, die nach vielen Jahren an ihren Herkunftsort zurückkehren.",
             "Mein Favorit ist eine leise Geschichte über eine Tierärztin, die die Praxis ihres Vaters in einem kleinen Dorf übernimmt. Es passiert nicht viel, und doch konnte ich das Buch kaum weglegen. Wer lieber Sachbücher liest, findet weiter unten eine kurze Liste mit Titeln über Geschichte und Naturwissenschaften."]),
        ("https://www.tagblatt-beispiel.ch/lokal/2025/01/wasserleitung-dorfstrasse.html",
         "Bauarbeiten an der Wasserleitung in der Dorfstrasse", [
             "Die Gemeindewerke ersetzen ab Montag, 3. Februar, die über sechzig Jahre alte Wasserleitung in der Dorfstrasse zwischen dem Schulhaus und der Post. Die Arbeiten dauern voraussichtlich bis Ende April. Während dieser Zeit ist die Strasse nur einspurig befahrbar, der Verkehr wird mit einer Ampel geregelt.",
             "Die Anwohnerinnen und Anwohner werden jeweils einen Tag im Voraus informiert, falls das Wasser für einige Stunden abgestellt werden muss. Die Zufahrt zu den Liegenschaften bleibt grundsätzlich gewährleistet. Die Gemeinde bittet um Verständnis für allfällige Unannehmlichkeiten.",
             "Fragen zu den Bauarbeiten beantwortet die Bauverwaltung während der Schalteröffnungszeiten."]),
        ("https://rezepte.example.at/hauptgerichte/kaesespaetzle.html",
         "Käsespätzle wie auf der Alm", [
             "Für vier Personen braucht man 400 Gramm Mehl, vier Eier, etwas Salz und ungefähr 150 Milliliter Wasser. Den Teig so lange schlagen, bis er Blasen wirft. Dann portionsweise durch den Spätzlehobel in kochendes Salzwasser drücken und die Spätzle herausnehmen, sobald sie an der Oberfläche schwimmen.",
             "Drei große Zwiebeln in Ringe schneiden und in Butter langsam goldbraun braten. Die Spätzle abwechselnd mit geriebenem Bergkäse in eine vorgewärmte Form schichten und kurz in den Ofen stellen, bis der Käse geschmolzen ist. Zum Schluss die Röstzwiebeln darüber verteilen und sofort servieren. Dazu passt ein grüner Salat."]),
        ("https://wanderfreunde.example.ch/touren/seeuferweg.html",
         "Gemütlich dem Seeufer entlang", [
             "Der Seeuferweg von Halden nach Brunnmatt ist die ideale Wanderung für einen freien Nachmittag. Der Weg ist fast durchgehend flach, gut beschildert und auch mit dem Kinderwagen gut zu bewältigen. Unterwegs kommt man an zwei Badestellen, einem kleinen Hafen und mehreren Feuerstellen vorbei.",
             "Besonders schön ist der Abschnitt durch das Naturschutzgebiet, wo man im Schilf Haubentaucher und Teichhühner beobachten kann. Hunde müssen dort an der Leine geführt werden. In Brunnmatt fährt das Kursschiff stündlich zurück zum Ausgangspunkt, im Winter allerdings nur an Wochenenden."]),
    ],
    "fra_Latn": [
        ("https://news.example-optout.ch/fr/region/2025/01/marche-de-noel-bilan.html",
         "Le marché de Noël tire un bilan positif", [
             "Pour sa quinzième édition, le marché de Noël de la vieille ville a attiré près de quarante mille visiteurs en trois semaines. Les organisateurs se disent très satisfaits, malgré une météo capricieuse lors du premier week-end. Quelque soixante exposants, pour la plupart des artisans de la région, proposaient bijoux, céramiques, bougies et spécialités culinaires.",
             "La nouveauté de cette année, une patinoire installée sur la place du marché, a connu un grand succès auprès des familles. Les commerçants du centre ont eux aussi profité de l'affluence. Le comité réfléchit déjà à prolonger la manifestation d'une semaine l'an prochain, à condition de trouver suffisamment de bénévoles."]),
        ("https://shop.allblocked.fr/produits/theiere-en-fonte-noire.html",
         "Théière en fonte noire 1,2 litre", [
             "Cette théière en fonte émaillée conserve la chaleur pendant longtemps et convient aussi bien au thé vert qu'aux infusions. Son intérieur émaillé empêche la rouille et facilite le nettoyage. Le filtre amovible en acier inoxydable permet de préparer les feuilles en vrac sans laisser de résidus dans la tasse.",
             "Contenance : 1,2 litre, soit environ six tasses. Ne pas utiliser sur une plaque à induction et ne pas passer au lave-vaisselle. Rincer simplement à l'eau chaude et sécher soigneusement après chaque utilisation. Livraison en trois à cinq jours ouvrés, retour gratuit sous trente jours."]),
        ("https://shop.allblocked.fr/produits/couteau-pliant-olivier.html",
         "Couteau pliant, manche en bois d'olivier", [
             "Fabriqué dans un petit atelier familial, ce couteau pliant associe une lame en acier inoxydable de neuf centimètres à un manche en bois d'olivier. Chaque manche est unique, car le veinage du bois varie d'une pièce à l'autre. Le mécanisme de blocage assure une utilisation sûre, que ce soit en randonnée ou à table.",
             "Le couteau est livré dans un étui en cuir et accompagné d'une notice d'entretien. Nous conseillons d'huiler le manche de temps en temps avec une huile alimentaire et de ne jamais laisser la lame humide. Ce produit n'est pas vendu aux mineurs."]),
        ("https://www.mairie-exemple.example.fr/avis/2025/travaux-rue-des-tilleuls.html",
         "Avis de travaux : rue des Tilleuls", [
             "La commune informe les habitants que des travaux de réfection de la chaussée auront lieu rue des Tilleuls du lundi 10 au vendredi 21 février. La circulation sera interdite entre la place de l'Église et le carrefour du Moulin, sauf pour les riverains et les véhicules de secours. Une déviation sera mise en place par la route de la Gare.",
             "Le ramassage des ordures ménagères est maintenu, mais les bacs devront être déposés au coin de la rue la veille au soir. Le stationnement sera interdit des deux côtés de la rue pendant toute la durée du chantier. La mairie remercie les habitants de leur compréhension et reste à disposition pour toute question aux heures d'ouverture du secrétariat."]),
    ],
    "ita_Latn": [
        ("https://news.example-optout.ch/it/regione/2025/01/nuova-scuola-dell-infanzia.html",
         "Inaugurata la nuova scuola dell'infanzia", [
             "Dopo due anni di lavori è stata inaugurata sabato la nuova scuola dell'infanzia del quartiere di Molino Nuovo. L'edificio, costruito interamente in legno, ospita quattro sezioni con spazi luminosi, un refettorio e un ampio giardino con orto didattico. Alla cerimonia hanno partecipato numerose famiglie, insieme alle autorità comunali e ai rappresentanti del cantone.",
             "Il progetto è stato scelto tramite un concorso di architettura a cui hanno partecipato oltre trenta studi. La giuria ha apprezzato in particolare l'attenzione al risparmio energetico: il tetto è coperto da pannelli solari e il riscaldamento funziona con una pompa di calore. Le lezioni nella nuova sede inizieranno lunedì prossimo."]),
        ("https://portal.example-down.it/notizie/2025/01/sagra-della-castagna.html",
         "Sagra della castagna, record di presenze", [
             "La tradizionale sagra della castagna ha chiuso domenica sera con un nuovo record di presenze. Secondo gli organizzatori, oltre dodicimila persone hanno visitato il borgo durante il fine settimana, approfittando anche del bel tempo. Le caldarroste, preparate nei grandi pentoloni forati sulla piazza principale, sono andate a ruba già nel primo pomeriggio.",
             "Accanto agli stand gastronomici, il programma prevedeva visite guidate ai castagneti secolari, laboratori per bambini e concerti di musica popolare. L'associazione che organizza la festa ha ringraziato i volontari, senza i quali l'evento non sarebbe possibile. Parte del ricavato sarà destinata al restauro del vecchio essiccatoio."]),
        ("https://portal.example-down.it/comune/avvisi/raccolta-rifiuti-festivi.html",
         "Raccolta dei rifiuti durante le festività", [
             "Si informa la cittadinanza che durante le festività natalizie il calendario della raccolta dei rifiuti subirà alcune modifiche. La raccolta della carta prevista per mercoledì 25 dicembre sarà anticipata a martedì 24, mentre quella dell'umido del primo gennaio verrà posticipata al giorno successivo. Il centro di raccolta comunale resterà chiuso nei giorni festivi.",
             "Si raccomanda di esporre i contenitori entro le ore sei del mattino e di non abbandonare sacchi accanto ai cassonetti. Per gli alberi di Natale è previsto un ritiro straordinario sabato 11 gennaio: gli alberi, privi di decorazioni e vasi, potranno essere lasciati nei punti indicati sul sito del comune."]),
        ("https://ricette.example.it/primi/risotto-alla-zucca.html",
         "Risotto alla zucca e rosmarino", [
             "Tagliate a dadini mezzo chilo di zucca e fatela rosolare in una casseruola con un filo d'olio, uno spicchio d'aglio e un rametto di rosmarino. Quando la zucca sarà morbida, schiacciatene una parte con una forchetta, così il risotto diventerà più cremoso. Aggiungete trecentoventi grammi di riso Carnaroli e tostatelo per un paio di minuti.",
             "Sfumate con mezzo bicchiere di vino bianco e portate a cottura aggiungendo il brodo vegetale caldo poco alla volta. A fine cottura spegnete il fuoco e mantecate con una noce di burro e abbondante parmigiano grattugiato. Lasciate riposare il risotto per due minuti prima di servirlo, decorando ogni piatto con qualche ago di rosmarino."]),
    ],
    "roh_Latn": [
        ("https://www.tagblatt-beispiel.ch/rm/regiun/2025/01/nova-punt-en-val.html",
         "Nova punt sur il Rain en la val", [
             "La vischnanca ha decidì da construir ina nova punt sur il Rain tranter las fracziuns da Sut e Sura. La punt veglia da lain è vegnida serrada l'atun passà, perquai ch'ils inschigners han chattà donns vi da las travs. Dapi lura ston ils purs e la scolaressa far in gir da bunamain tschintg kilometers per arrivar en il vitg.",
             "La nova punt vegn construida da betun e da lain indigen. Ils custs muntan a var ina milliun francs, dals quals il chantun paja radund la mesadad. Las lavurs duain cumenzar la primavaira ed esser terminadas avant l'enviern. Il president communal ha engrazià a la populaziun per la pazienza ed ha empermess ina festa d'avertura sin la punt."]),
        ("https://wanderfreunde.example.ch/rm/turas/tura-al-lai-verd.html",
         "Tura al Lai Verd", [
             "La tura al Lai Verd è ina da las pli bellas da la regiun e adattada per famiglias. Nus essan partids a las otg da la damaun da la staziun da la posta e suandà la senda marcada tras il guaud da larschs. Suenter var ina ura e mesa essan nus arrivads sin in plaun cun bleras flurs, nua che las vatgas pasculavan.",
             "Il lai sez è pitschen, ma l'aua ha ina colur verda fitg clera. Blera glieud fa là ina posa e maglia ina marenda. Nus avain vis duas muntanellas ed in utschè da rapina. Per returnar essan nus ids sin l'autra vart da la val. L'entira tura dura var tschintg uras cun las posas."]),
        ("https://www.novitads.example.ch/cultura/concert-da-la-musica.html",
         "Concert da la societad da musica", [
             "La societad da musica dal vitg ha envidà sonda saira a ses concert annual en la sala polivalenta. Passa duatschient persunas èn vegnidas per tadlar las veglias marschas e las novas cumposiziuns ch'il dirigent ha tschernì quest onn. Il punct culminant è stà in toc per trumbetta solista, sunà d'ina giuvna musicanta da mo sedesch onns.",
             "Suenter il concert han ils commembers da la societad servì ina tschaina cun pizokels, chaschiel e vin. La societad tschertga anc adina novs musicants, surtut per ils instruments da lain. Tgi che ha interess po vegnir a las provas mintga mesemna saira en la chasa da scola."]),
        ("https://www.novitads.example.ch/vischnanca/avis-aua-da-baiver.html",
         "Avis: aua da baiver", [
             "L'administraziun communala infurmescha che l'aua da baiver en la fracziun da Sura sto vegnir buglida fin ad ulteriur avis. Durant ina controlla regulara han ins chattà bacterias en ina da las funtaunas. Las autoritads examineschan ussa la chaschun e nettegian il reservuar. La populaziun vegn infurmada directamain cur che l'aua è puspè en urden.",
             "Per famiglias cun uffants pitschens e per persunas attempadas stat a disposiziun aua en buttiglias en la chasa da scola. Ella po vegnir prendida mintga di tranter las otg e las indesch. Nus engraziain per la chapientscha."]),
    ],
    "eng_Latn": [
        ("https://www.trailnotes.example.org/hikes/ridge-loop-autumn.html",
         "Ridge Loop in Late Autumn", [
             "The ridge loop starts at the small parking area behind the old sawmill and climbs steadily through mixed forest for the first two miles. In late October the beeches turn copper and the path is covered in leaves, so watch your footing on the steeper sections where roots cross the trail. After about an hour you reach the first viewpoint, a flat rock that looks out over the reservoir.",
             "From there the route follows the crest for almost three miles. It is mostly easy walking, with a couple of short scrambles that are fine for older children. We met only two other groups all day. The descent via the fire road is longer but gentle on the knees, and it brings you back to the sawmill past a row of abandoned orchards where deer are often seen in the evening.",
             "Allow five to six hours including breaks. There is no water on the ridge, so carry at least two liters per person."]),
        ("https://forum.example.org/t/replacing-a-bike-chain/8812",
         "Replacing a bike chain: how often?", [
             "I commute about fifteen kilometers a day and I have been told that I should replace my chain every few thousand kilometers. My local shop says it is stretched and that I also need a new cassette, which would cost more than I expected. Is there a way to check the chain myself, and is it normal that the cassette wears out at the same time?",
             "Reply from a member: Buy a cheap chain checker tool, they cost a few euros and take ten seconds to use. If you replace the chain before it reaches half a percent of wear, the cassette usually survives two or three chains. Once the chain is badly stretched, the cassette teeth are worn to match it and a new chain will skip. Cleaning and oiling regularly also helps a lot."]),
        ("https://www.gadgetshop.example.com/products/usb-c-desk-lamp.html",
         "LED Desk Lamp with USB-C Charging Port", [
             "Our best-selling desk lamp combines a slim aluminium arm with a warm, flicker-free LED panel. Five brightness levels and three color temperatures let you switch between focused work and relaxed reading in the evening. The weighted base keeps the lamp stable, and the built-in USB-C port can charge a phone or earbuds while you work.",
             "The lamp folds flat for storage and comes with a two-year warranty. Power consumption is just nine watts at full brightness. In the box you will find the lamp, a power adapter and a printed quick-start guide. Orders placed before two in the afternoon ship the same day."]),
        ("https://www.riverton.example.org/notices/2025/winter-parking.html",
         "Winter Parking Restrictions in Effect", [
             "From December 1 until March 31, overnight parking is prohibited on all streets marked as snow emergency routes between two and six in the morning. The restriction allows plows to clear the main roads quickly after a storm. Vehicles left on these streets may be ticketed and towed at the owner's expense.",
             "Residents without a driveway can use the municipal lots on Mill Street and behind the library free of charge during the night. Please remove your car by eight in the morning so that the lots can be cleared as well. Updates on snow emergencies are posted on the town website and announced on local radio."]),
        ("https://wanderfreunde.example.ch/en/tours/lake-shore-walk.html",
         "An easy walk along the lake shore", [
             "If you only have an afternoon, the lake shore path from Halden to Brunnmatt is hard to beat. It is almost completely flat and well signposted, so it works with a pushchair too. Along the way you pass two swimming spots, a small harbour and several barbecue places where families gather on summer evenings.",
             "The most beautiful stretch leads through the nature reserve, where great crested grebes nest in the reeds. Dogs must be kept on a lead there. From Brunnmatt a passenger boat takes you back to the start every hour, though in winter it only runs at weekends, so check the timetable before you set off."]),
    ],
    "spa_Latn": [
        ("https://www.diario-ejemplo.example.es/local/2025/01/nuevo-carril-bici.html",
         "El ayuntamiento aprueba un nuevo carril bici", [
             "El pleno municipal aprobó el jueves la construcción de un carril bici de cuatro kilómetros que unirá el centro histórico con el campus universitario. El proyecto, financiado en parte con fondos europeos, incluye nuevas zonas de aparcamiento para bicicletas y la plantación de más de doscientos árboles a lo largo del recorrido.",
             "Las obras comenzarán en primavera y durarán aproximadamente seis meses. Durante ese tiempo, algunas calles del barrio de San Antonio tendrán un solo sentido de circulación. Las asociaciones de vecinos han valorado positivamente la iniciativa, aunque piden que se mejore también la iluminación de los pasos de peatones."]),
        ("https://www.recetas-caseras.example.es/postres/flan-de-huevo.html",
         "Flan de huevo casero", [
             "Para preparar un flan para seis personas necesitas cuatro huevos, medio litro de leche entera, cien gramos de azúcar y la piel de un limón. Primero prepara el caramelo: calienta tres cucharadas de azúcar con un poco de agua hasta que tome un color dorado y repártelo en el fondo de los moldes.",
             "Calienta la leche con la piel de limón y deja que se enfríe un poco. Bate los huevos con el azúcar, añade la leche colada y vierte la mezcla en los moldes. Cuécelos al baño maría en el horno a ciento sesenta grados durante unos cuarenta minutos. Deja enfriar y guarda en la nevera al menos cuatro horas antes de desmoldar."]),
        ("https://www.foro-viajeros.example.org/hilo/4521-ruta-por-asturias.html",
         "Ruta de una semana por Asturias", [
             "Hola a todos, el próximo mes de junio queremos recorrer Asturias durante una semana con dos niños de ocho y once años. Habíamos pensado alojarnos primero cerca de Cangas de Onís para visitar los lagos y después pasar unos días en la costa. ¿Nos recomendáis algún pueblo tranquilo con playa y buenos sitios para comer?",
             "Respuesta: Nosotros estuvimos el verano pasado y nos encantó Llanes como base para la costa. Tiene playas pequeñas muy bonitas y está bien comunicado. Para los lagos, id temprano, porque a partir de cierta hora cortan el acceso en coche y hay que subir en autobús. Y no os perdáis la ruta del Cares, aunque con niños quizá solo el primer tramo."]),
    ],
    "rus_Cyrl": [
        ("https://www.gorod-novosti.example.ru/gorod/2025/01/novyj-park.html",
         "В городе откроют новый парк у реки", [
             "Городская администрация представила проект нового парка на месте бывшей промышленной зоны у реки. На площади около двенадцати гектаров появятся пешеходные и велосипедные дорожки, детские площадки, спортивное поле и небольшая пристань для лодок. Жители смогут обсудить проект на общественных слушаниях в конце месяца.",
             "По словам архитекторов, при строительстве планируется сохранить старые деревья и часть исторических кирпичных зданий. В одном из них разместится кафе, в другом — выставочный зал. Первая очередь парка должна открыться уже следующим летом, а завершить все работы обещают через два года."]),
        ("https://www.kulinar.example.ru/recepty/bliny-na-moloke.html",
         "Тонкие блины на молоке", [
             "Для тонких блинов понадобится пол-литра молока, три яйца, двести граммов муки, две столовые ложки сахара, щепотка соли и немного растительного масла. Яйца взбейте с сахаром и солью, влейте половину молока и постепенно добавьте просеянную муку, чтобы не было комочков.",
             "Затем влейте оставшееся молоко и масло, хорошо перемешайте и дайте тесту постоять полчаса. Сковороду разогрейте и слегка смажьте маслом. Выливайте тесто тонким слоем и жарьте блины с двух сторон до золотистого цвета. Подавайте со сметаной, вареньем или мёдом."]),
        ("https://www.avtoforum.example.ru/tema/zimnie-shiny-1187.html",
         "Какие зимние шины выбрать?", [
             "Всем привет! Езжу в основном по городу, но пару раз за зиму выбираюсь на дачу по плохо расчищенной дороге. Сейчас стоит выбор между шипованными и фрикционными шинами. Продавец в магазине советует шипы, а знакомые говорят, что в городе они только шумят и быстро теряют шипы на сухом асфальте.",
             "Ответ: Если большую часть времени ездите по городу, берите фрикционные. На льду шипы, конечно, лучше, но в городе чаще бывает мокрая каша, и там нешипованная резина ведёт себя отлично. Главное — не экономить и выбирать шины известных производителей, а давление проверять хотя бы раз в месяц."]),
    ],
    "ell_Grek": [
        ("https://www.eidiseis-perifereias.example.gr/topika/2025/01/neo-limani.html",
         "Ξεκινούν τα έργα στο λιμάνι του νησιού", [
             "Την επόμενη εβδομάδα ξεκινούν τα έργα επέκτασης του λιμανιού, τα οποία αναμένεται να διαρκέσουν περίπου δεκαοκτώ μήνες. Η νέα προβλήτα θα επιτρέπει τον ελλιμενισμό μεγαλύτερων πλοίων, ενώ θα δημιουργηθεί και ειδικός χώρος για τα αλιευτικά σκάφη. Ο δήμαρχος δήλωσε ότι το έργο θα δώσει ώθηση στον τουρισμό και στην τοπική οικονομία.",
             "Κατά τη διάρκεια των εργασιών, τα δρομολόγια των πλοίων θα εκτελούνται κανονικά, ωστόσο οι επιβάτες καλούνται να προσέρχονται νωρίτερα, καθώς η πρόσβαση στην προβλήτα θα γίνεται από προσωρινή είσοδο. Οι κάτοικοι της παραλιακής οδού εξέφρασαν ανησυχίες για τον θόρυβο και ζήτησαν οι εργασίες να μην πραγματοποιούνται τις βραδινές ώρες."]),
        ("https://www.syntages-giagias.example.gr/pites/spanakopita.html",
         "Σπανακόπιτα με χωριάτικο φύλλο", [
             "Για τη γέμιση χρειάζεστε ένα κιλό φρέσκο σπανάκι, ένα ματσάκι άνηθο, λίγα φρέσκα κρεμμυδάκια, τριακόσια γραμμάρια φέτα και δύο αυγά. Πλύντε καλά το σπανάκι, κόψτε το σε μικρά κομμάτια και αλατίστε το ελαφρά, ώστε να βγάλει τα υγρά του. Στη συνέχεια στύψτε το με τα χέρια και ανακατέψτε το με τα υπόλοιπα υλικά.",
             "Στρώστε στο ταψί τα μισά φύλλα, αλείφοντας το καθένα με ελαιόλαδο, και απλώστε τη γέμιση. Σκεπάστε με τα υπόλοιπα φύλλα, χαράξτε την πίτα σε κομμάτια και ψήστε στους εκατόν ογδόντα βαθμούς για περίπου μία ώρα, μέχρι να ροδίσει. Αφήστε την να κρυώσει λίγο πριν τη σερβίρετε."]),
        ("https://www.dimos-paradeigma.example.gr/anakoinoseis/diakopi-nerou.html",
         "Ανακοίνωση για διακοπή υδροδότησης", [
             "Η Δημοτική Επιχείρηση Ύδρευσης ενημερώνει ότι την Τρίτη θα πραγματοποιηθεί διακοπή υδροδότησης από τις οκτώ το πρωί έως τις τρεις το μεσημέρι στις οδούς Αθηνάς, Ερμού και στα γύρω στενά. Η διακοπή είναι απαραίτητη για την αντικατάσταση παλαιού αγωγού που έχει παρουσιάσει συχνές βλάβες τους τελευταίους μήνες.",
             "Παρακαλούνται οι κάτοικοι να φροντίσουν να έχουν αποθέματα νερού για τις ανάγκες τους. Μετά την αποκατάσταση της υδροδότησης, ενδέχεται το νερό να είναι για λίγο θολό. Σε αυτή την περίπτωση αρκεί να αφήσετε τη βρύση ανοιχτή για μερικά λεπτά. Η επιχείρηση ζητά την κατανόηση των πολιτών για την ταλαιπωρία."]),
    ],
    "arb_Arab": [
        ("https://www.akhbar-madina.example.com/local/2025/01/maktaba.html",
         "افتتاح مكتبة عامة جديدة في وسط المدينة", [
             "افتتحت البلدية صباح اليوم مكتبة عامة جديدة في وسط المدينة، تضم أكثر من ثلاثين ألف كتاب باللغتين العربية والإنجليزية، إضافة إلى قسم خاص بكتب الأطفال وقاعة للمطالعة تتسع لمئة شخص. وحضر الافتتاح عدد كبير من الأهالي والطلاب الذين تجولوا في أقسام المكتبة واطلعوا على خدماتها.",
             "وقال مدير المكتبة إن المبنى مجهز بأجهزة حاسوب متصلة بالإنترنت يمكن للزوار استخدامها مجانا، كما ستنظم المكتبة ورشات أسبوعية في القراءة والكتابة الإبداعية. وتفتح المكتبة أبوابها يوميا من التاسعة صباحا حتى الثامنة مساء، باستثناء يوم الجمعة."]),
        ("https://www.matbakh-bayti.example.com/wasafat/shorbat-adas.html",
         "شوربة العدس بالكمون", [
             "شوربة العدس من أشهر الأطباق في فصل الشتاء، وهي سهلة التحضير ومغذية. تحتاج إلى كوب من العدس الأحمر، وبصلة متوسطة، وجزرة، وحبة بطاطس صغيرة، وملعقة صغيرة من الكمون، وملح وفلفل حسب الرغبة، وخمسة أكواب من الماء أو المرق.",
             "اغسل العدس جيدا، ثم قطّع الخضار إلى مكعبات صغيرة وشوّح البصل في قليل من الزيت حتى يذبل. أضف باقي الخضار والعدس والماء، واترك الشوربة على نار هادئة لمدة نصف ساعة تقريبا. اهرس المكونات بالخلاط وأضف الكمون والملح، وقدّمها ساخنة مع الليمون والخبز المحمص."]),
        ("https://www.muntada-safar.example.org/mawdoo/3310.html",
         "نصائح للسفر إلى المغرب في الربيع", [
             "أخطط لزيارة المغرب في شهر أبريل مع عائلتي لمدة عشرة أيام، ونفكر في زيارة مراكش وفاس والصحراء. هل عشرة أيام كافية لهذه المدن؟ وما هي أفضل وسيلة للتنقل بينها، القطار أم استئجار سيارة؟ نرجو منكم مشاركة تجاربكم ونصائحكم.",
             "رد: زرت المغرب في الربيع الماضي، والطقس كان رائعا. أنصحك بالقطار بين الدار البيضاء ومراكش وفاس لأنه مريح وسريع، أما الرحلة إلى الصحراء فالأفضل حجزها مع شركة محلية من مراكش. لا تنس تذوق الطاجين والحريرة، واحرص على المساومة في الأسواق."]),
    ],
    "hin_Deva": [
        ("https://www.samachar-udaharan.example.in/rajya/2025/01/nayi-bus-seva.html",
         "शहर में शुरू हुई नई इलेक्ट्रिक बस सेवा", [
             "शहर में सोमवार से पचास नई इलेक्ट्रिक बसों की सेवा शुरू हो गई है। ये बसें रेलवे स्टेशन, बस अड्डे, विश्वविद्यालय और प्रमुख बाज़ारों को आपस में जोड़ेंगी। परिवहन विभाग के अनुसार इन बसों से हर दिन लगभग चालीस हज़ार यात्रियों को सुविधा मिलेगी और शहर में प्रदूषण भी कम होगा।",
             "बसों में वातानुकूलन, सीसीटीवी कैमरे और महिलाओं के लिए आरक्षित सीटें हैं। किराया पुरानी बसों के बराबर रखा गया है। विद्यार्थियों और वरिष्ठ नागरिकों को मासिक पास पर विशेष छूट दी जाएगी। अधिकारियों ने बताया कि अगले साल तक बसों की संख्या दोगुनी करने की योजना है।"]),
        ("https://www.rasoi-ghar.example.in/vyanjan/aloo-paratha.html",
         "घर पर बनाएँ आलू पराठा", [
             "आलू पराठा बनाने के लिए दो कप गेहूँ का आटा, चार उबले हुए आलू, एक बारीक कटा प्याज़, हरी मिर्च, हरा धनिया, आधा चम्मच लाल मिर्च पाउडर, नमक और थोड़ा घी चाहिए। सबसे पहले आटे में पानी मिलाकर नरम आटा गूँध लें और बीस मिनट के लिए ढककर रख दें।",
             "उबले आलू को अच्छी तरह मसल लें और उसमें प्याज़, मिर्च, धनिया और सभी मसाले मिला दें। आटे की लोई बनाकर उसमें आलू का मिश्रण भरें और हल्के हाथ से बेल लें। गरम तवे पर घी लगाकर पराठे को दोनों तरफ़ से सुनहरा होने तक सेंकें। दही और अचार के साथ गरमागरम परोसें।"]),
        ("https://www.yatra-manch.example.org/charcha/rishikesh-yatra.html",
         "ऋषिकेश यात्रा के लिए सुझाव", [
             "हम चार दोस्त मार्च के महीने में ऋषिकेश जाने की योजना बना रहे हैं। हम वहाँ रिवर राफ़्टिंग करना चाहते हैं और गंगा आरती भी देखना चाहते हैं। क्या कोई बता सकता है कि ठहरने के लिए कौन सा इलाका अच्छा रहेगा और राफ़्टिंग की बुकिंग पहले से करनी चाहिए या वहीं पहुँचकर?",
             "जवाब: मार्च राफ़्टिंग के लिए बहुत अच्छा समय है। लक्ष्मण झूला के पास कई अच्छे और सस्ते गेस्टहाउस मिल जाते हैं। राफ़्टिंग की बुकिंग वहीं पहुँचकर भी हो जाती है, लेकिन किसी भरोसेमंद कंपनी को ही चुनें। शाम की आरती के लिए त्रिवेणी घाट पर थोड़ा पहले पहुँचें, वहाँ बहुत भीड़ होती है।"]),
    ],
    "tha_Thai": [
        ("https://www.khao-thongthin.example.co.th/news/2025/01/talat-nam.html",
         "ตลาดน้ำแห่งใหม่เปิดให้นักท่องเที่ยวเข้าชม", [
             "ตลาดน้ำแห่งใหม่ริมคลองของอำเภอได้เปิดให้บริการอย่างเป็นทางการเมื่อวันเสาร์ที่ผ่านมา โดยมีพ่อค้าแม่ค้าในชุมชนกว่าแปดสิบรายนำสินค้าพื้นบ้าน อาหารพื้นเมือง และผลไม้ตามฤดูกาลมาจำหน่ายบนเรือและริมตลิ่ง นักท่องเที่ยวจำนวนมากเดินทางมาเที่ยวชมตั้งแต่ช่วงเช้า",
             "นายอำเภอกล่าวว่าตลาดน้ำแห่งนี้จะช่วยสร้างรายได้ให้กับคนในชุมชนและส่งเสริมการท่องเที่ยวเชิงวัฒนธรรม ตลาดจะเปิดทุกวันเสาร์และอาทิตย์ ตั้งแต่เจ็ดโมงเช้าจนถึงบ่ายสามโมง นอกจากนี้ยังมีบริการเรือพาชมวิถีชีวิตริมคลองในราคาย่อมเยา"]),
        ("https://www.krua-thai.example.co.th/menu/tom-kha-kai.html",
         "วิธีทำต้มข่าไก่แบบง่ายๆ", [
             "ต้มข่าไก่เป็นอาหารไทยที่มีรสชาติกลมกล่อม เปรี้ยว เค็ม และหวานเล็กน้อยจากกะทิ วัตถุดิบที่ต้องเตรียมได้แก่ เนื้อไก่สามร้อยกรัม กะทิสองถ้วย ข่าหั่นแว่น ตะไคร้ ใบมะกรูด พริกขี้หนู เห็ดฟาง น้ำปลา และน้ำมะนาว",
             "เริ่มจากตั้งกะทิในหม้อด้วยไฟกลาง ใส่ข่า ตะไคร้ และใบมะกรูดลงไปต้มจนหอม จากนั้นใส่เนื้อไก่และเห็ดฟาง ต้มจนไก่สุก ปรุงรสด้วยน้ำปลา ปิดไฟแล้วจึงใส่น้ำมะนาวและพริกขี้หนูบุบ เพื่อให้รสเปรี้ยวสดชื่น เสิร์ฟร้อนๆ พร้อมข้าวสวย"]),
        ("https://www.webboard-thiao.example.org/topic/40213.html",
         "สอบถามเส้นทางเดินป่าดอยอินทนนท์", [
             "สวัสดีครับ ผมกับเพื่อนวางแผนจะไปเดินป่าที่ดอยอินทนนท์ช่วงปลายเดือนธันวาคม อยากทราบว่าเส้นทางศึกษาธรรมชาติกิ่วแม่ปานต้องจองล่วงหน้าหรือไม่ และควรเตรียมเสื้อผ้าแบบไหน เพราะได้ยินมาว่าอากาศบนยอดดอยหนาวมากในช่วงเช้า",
             "ตอบกลับ: เส้นทางกิ่วแม่ปานต้องมีไกด์ท้องถิ่นนำทาง ซึ่งหาได้ที่หน้าทางเข้า ไม่ต้องจองล่วงหน้าครับ แต่ควรไปถึงแต่เช้าเพื่อดูทะเลหมอก อุณหภูมิช่วงเช้าอาจต่ำกว่าสิบองศา แนะนำให้เตรียมเสื้อกันหนาว หมวก และถุงมือไปด้วย"]),
    ],
    "cmn_Hani": [
        ("https://www.bendi-xinwen.example.cn/shehui/2025/01/gongyuan.html",
         "老城区公园改造完成，市民点赞", [
             "经过一年多的施工，老城区的中心公园改造工程日前正式完工并重新对市民开放。改造后的公园新增了环湖步道、儿童游乐区和健身广场，还种植了两千多株乔木和灌木。公园管理处表示，改造过程中保留了原有的古树和石桥，尽量维持了公园原来的风貌。",
             "不少附近居民一早就来到公园散步、打太极。家住附近的王阿姨说，以前公园设施老旧，晚上灯光也不足，现在环境好了很多，孩子们也有了玩耍的地方。据了解，公园每天早上六点至晚上十点开放，周末还将不定期举办文化活动。",
             "公园管理处提醒市民，园内禁止燃放烟花爆竹，遛狗时请牵好狗绳并及时清理粪便。节假日期间游客较多，建议大家尽量乘坐公交车或地铁前往，附近停车位比较紧张。"]),
        ("https://www.meishi-jiachang.example.cn/caipu/xihongshi-chaodan.html",
         "家常西红柿炒鸡蛋的做法", [
             "西红柿炒鸡蛋是最常见的家常菜之一，做法简单，营养丰富。准备两个成熟的西红柿、三个鸡蛋、少许葱花、盐和白糖。先把西红柿切成小块，鸡蛋打散后加入一点盐搅拌均匀。锅中倒油烧热，倒入蛋液，炒至凝固后盛出备用。",
             "锅里再放少量油，下西红柿翻炒，炒出汤汁后加入少许白糖中和酸味。然后把炒好的鸡蛋倒回锅中，与西红柿一起翻炒均匀，加盐调味，最后撒上葱花即可出锅。这道菜酸甜可口，非常适合拌米饭。",
             "小贴士：鸡蛋液里加几滴清水，炒出来会更嫩滑；西红柿可以先用开水烫一下去皮，口感更好。如果喜欢汤汁多一些，可以在炒西红柿时加少许清水。"]),
        ("https://www.luntan-lvyou.example.org/thread/77120.html",
         "第一次去云南，行程怎么安排比较好？", [
             "大家好，我打算明年四月第一次去云南，一共有八天时间，想去昆明、大理和丽江。请问这样的行程安排会不会太赶？城市之间坐高铁方便吗？另外，四月份的天气怎么样，需要带厚衣服吗？希望去过的朋友给点建议，谢谢！",
             "回复：八天去这三个地方时间刚好。昆明到大理、大理到丽江都有动车，很方便。建议在大理多待两天，可以环洱海骑车，也可以去古城和喜洲逛逛。四月份白天比较暖和，但早晚温差大，最好带一件外套，还要注意防晒。",
             "回复：补充一点，丽江古城晚上比较热闹，如果喜欢安静，可以住在束河古镇。另外高原地区紫外线很强，一定要带好帽子和墨镜，也要多喝水，注意休息，避免高原反应。"]),
    ],
    "jpn_Jpan": [
        ("https://www.chiiki-news.example.jp/local/2025/01/toshokan.html",
         "駅前に新しい図書館がオープン", [
             "市は今月、駅前の再開発ビルの三階と四階に新しい図書館をオープンしました。蔵書数は約十二万冊で、子ども向けの絵本コーナーや、静かに勉強できる学習室も設けられています。開館初日には、朝から多くの市民が訪れ、入口には長い列ができました。",
             "新しい図書館では、自動貸出機を導入し、平日は夜九時まで利用できるようになりました。館長は「仕事帰りの人や学生にも気軽に立ち寄ってほしい」と話しています。また、毎週土曜日には読み聞かせ会も開かれる予定です。",
             "図書館の利用には、市内在住か在勤・在学であることが必要です。利用カードは入口のカウンターで申し込むことができ、本人確認ができるものを持参すれば、その日のうちに発行されます。"]),
        ("https://www.katei-ryouri.example.jp/recipe/nikujaga.html",
         "基本の肉じゃがの作り方", [
             "肉じゃがは、じゃがいもと牛肉を甘辛く煮た、日本の代表的な家庭料理です。材料は四人分で、じゃがいも四個、玉ねぎ一個、にんじん一本、牛肉二百グラム、しらたき一袋です。調味料として、だし汁、しょうゆ、砂糖、みりんを用意します。",
             "まず、鍋に油をひいて牛肉を炒め、色が変わったら野菜を加えてさらに炒めます。だし汁を入れて煮立ったらあくを取り、砂糖、みりん、しょうゆを加えます。落としぶたをして弱火で十五分ほど煮込み、じゃがいもが柔らかくなったら完成です。",
             "ポイントは、煮込んだ後に一度火を止めて冷ますことです。冷める間に味がじゃがいもによくしみ込み、翌日にはさらにおいしくなります。お弁当のおかずにもぴったりです。"]),
        ("https://www.tozan-keijiban.example.org/thread/5521.html",
         "初心者におすすめの日帰り登山コース", [
             "最近、登山を始めたばかりの初心者です。関東近郊で、日帰りで行ける景色の良い山を探しています。電車で行けて、歩く時間が四時間くらいまでのコースだと助かります。みなさんのおすすめがあれば教えてください。",
             "返信：それなら高尾山から城山までのコースがおすすめです。駅から登山口まで近く、道もよく整備されています。山頂からは天気が良ければ富士山も見えます。帰りはケーブルカーも使えるので、疲れても安心です。ただし、週末はかなり混雑するので、早めの出発がいいですよ。",
             "返信：私も初心者のころ、同じコースを歩きました。靴は運動靴でも大丈夫ですが、雨の後は道がすべりやすいので、できれば登山靴をおすすめします。水と簡単な食べ物、雨具も忘れずに持って行きましょう。"]),
    ],
    "swh_Latn": [
        ("https://www.habari-mtaa.example.co.ke/kitaifa/2025/01/soko-jipya.html",
         "Soko jipya la mboga lafunguliwa mjini", [
             "Halmashauri ya mji imefungua rasmi soko jipya la mboga na matunda karibu na kituo kikuu cha mabasi. Soko hilo lina nafasi ya wafanyabiashara zaidi ya mia tatu, pamoja na vyoo safi, maji ya bomba na sehemu ya kuhifadhi bidhaa. Wafanyabiashara wengi walikuwa wakiuza bidhaa zao barabarani kwa miaka mingi.",
             "Mkuu wa wilaya alisema kwamba soko hilo litasaidia kupunguza msongamano wa magari katikati ya mji na kuboresha usafi. Wafanyabiashara watalipa ada ndogo ya kila mwezi ambayo itatumika kwa ajili ya matengenezo. Wananchi wameombwa kununua bidhaa zao sokoni badala ya kwa wachuuzi wa barabarani."]),
        ("https://www.mapishi-nyumbani.example.co.tz/mapishi/pilau-ya-nyama.html",
         "Jinsi ya kupika pilau ya nyama", [
             "Pilau ni chakula kinachopendwa sana katika pwani ya Afrika Mashariki, hasa wakati wa sherehe na sikukuu. Utahitaji vikombe vitatu vya mchele, nusu kilo ya nyama ya ng'ombe, vitunguu viwili, kitunguu saumu, tangawizi, viazi vitatu na mchanganyiko wa viungo vya pilau kama vile bizari, mdalasini, karafuu na pilipili manga.",
             "Chemsha nyama pamoja na kitunguu saumu na chumvi mpaka iive. Kaanga vitunguu katika mafuta mpaka viwe rangi ya kahawia, kisha ongeza viungo na nyama. Weka mchele, viazi na supu ya nyama, kisha funika na upike kwa moto mdogo mpaka mchele uive. Pakua pilau ikiwa moto pamoja na kachumbari."]),
        ("https://www.jukwaa-kilimo.example.org/mada/ufugaji-kuku-1290.html",
         "Ushauri kuhusu ufugaji wa kuku wa kienyeji", [
             "Habari zenu wanajukwaa. Nina mpango wa kuanza kufuga kuku wa kienyeji nyumbani kwangu kijijini. Nina nafasi ya kutosha lakini sina uzoefu wowote. Ningependa kujua ni kuku wangapi ni vizuri kuanza nao, na ni chakula gani kinafaa ili wakue haraka na kutaga mayai mengi.",
             "Jibu: Anza na kuku kumi au ishirini ili ujifunze kwanza. Hakikisha banda lina hewa ya kutosha na ni safi wakati wote. Wape chakula cha mchanganyiko pamoja na mabaki ya mboga, na usisahau maji safi. Pia ni muhimu kuwapa chanjo mapema ili kuzuia magonjwa kama kideri."]),
    ],
    "kor_Hang": [
        ("https://www.jiyeok-news.example.kr/society/2025/01/dosegwan.html",
         "구도심에 작은 도서관 문 열어", [
             "구도심의 오래된 우체국 건물이 작은 도서관으로 새롭게 태어났다. 시는 지난해부터 건물 내부를 리모델링해 아이들을 위한 그림책 코너와 주민들이 모여 공부할 수 있는 열람실을 마련했다. 개관 첫날에는 인근 주민과 학생 수백 명이 찾아와 새 도서관을 둘러봤다.",
             "도서관 관계자는 앞으로 매주 주말마다 독서 모임과 어린이 글쓰기 교실을 운영할 계획이라고 밝혔다. 도서관은 화요일부터 일요일까지 오전 아홉 시부터 오후 여섯 시까지 문을 열며, 월요일은 휴관한다. 주민들은 걸어서 갈 수 있는 곳에 도서관이 생겨 반갑다는 반응을 보였다."]),
        ("https://www.jip-bap.example.kr/recipe/kimchi-jjigae.html",
         "맛있는 김치찌개 끓이는 법", [
             "김치찌개는 잘 익은 김치만 있으면 누구나 쉽게 만들 수 있는 한국의 대표적인 가정식이다. 이인분 기준으로 신김치 두 컵, 돼지고기 목살 이백 그램, 두부 반 모, 양파 반 개, 대파 한 대, 고춧가루와 다진 마늘이 필요하다.",
             "냄비에 기름을 두르고 돼지고기를 볶다가 김치를 넣고 함께 볶는다. 물을 붓고 끓어오르면 고춧가루와 다진 마늘을 넣고 중불에서 십오 분 정도 끓인다. 마지막으로 두부와 양파, 대파를 넣고 한소끔 더 끓이면 완성이다. 따뜻한 밥과 함께 먹으면 더욱 맛있다."]),
    ],
    "por_Latn": [
        ("https://www.noticias-locais.example.pt/regiao/2025/01/ciclovia.html",
         "Nova ciclovia liga a cidade à praia", [
             "Foi inaugurada no sábado a nova ciclovia que liga o centro da cidade à praia, num percurso de sete quilómetros ao longo do rio. A obra custou cerca de dois milhões de euros e incluiu a construção de duas pontes pedonais e a instalação de iluminação pública em todo o trajeto. Na manhã da inauguração, centenas de pessoas percorreram o caminho de bicicleta ou a pé.",
             "A câmara municipal espera que a ciclovia incentive os moradores a deixar o carro em casa nas deslocações diárias. Ao longo do percurso foram instalados bebedouros, bancos e estacionamentos para bicicletas. Está ainda prevista a criação de um serviço de bicicletas partilhadas a partir do próximo verão."]),
        ("https://www.receitas-da-avo.example.pt/sobremesas/arroz-doce.html",
         "Arroz doce tradicional", [
             "Para fazer arroz doce para seis pessoas precisa de duzentos gramas de arroz carolino, um litro de leite, duzentos gramas de açúcar, a casca de um limão, um pau de canela, quatro gemas e canela em pó para decorar. Comece por cozer o arroz em água com uma pitada de sal durante cerca de dez minutos.",
             "Junte o leite quente, a casca de limão e o pau de canela e deixe cozinhar em lume brando, mexendo com frequência, até o arroz ficar cremoso. Adicione o açúcar e, fora do lume, as gemas batidas. Volte a aquecer só um pouco, sem deixar ferver. Distribua por travessas e decore com canela em pó."]),
    ],
    "nld_Latn": [
        ("https://www.example-redirect.nl/nieuws/2025/01/nieuwe-fietsbrug.html",
         "Nieuwe fietsbrug over het kanaal geopend", [
             "Wethouder De Vries heeft vrijdagmiddag de nieuwe fietsbrug over het kanaal officieel geopend. De brug verbindt de woonwijk Oosterhout met het bedrijventerrein en het station, waardoor fietsers niet langer een omweg van bijna twee kilometer hoeven te maken. Dagelijks maken naar verwachting ruim drieduizend fietsers gebruik van de nieuwe verbinding.",
             "De brug is ontworpen door een lokaal architectenbureau en heeft een opvallende boogconstructie van staal. 's Avonds wordt de brug verlicht met energiezuinige ledlampen. De bouw duurde ruim een jaar en kostte ongeveer vier miljoen euro, waarvan de helft werd betaald door de provincie."]),
        ("https://www.example-redirect.nl/recepten/erwtensoep.html",
         "Ouderwetse erwtensoep", [
             "Echte erwtensoep maak je op een koude winterdag en eet je het liefst de dag erna, als de smaken goed zijn ingetrokken. Je hebt vijfhonderd gram spliterwten nodig, een stuk knolselderij, twee winterpenen, een prei, een ui, een paar aardappelen en een rookworst. Was de erwten en breng ze met twee liter water aan de kook.",
             "Laat de soep ongeveer een uur zachtjes koken en roer regelmatig, zodat niets aanbrandt. Snijd intussen de groenten in kleine stukjes en voeg ze toe samen met de aardappelen. Laat alles nog een half uur koken. Doe de rookworst de laatste tien minuten in de pan. De soep is goed als de lepel er bijna rechtop in blijft staan."]),
    ],
    "pol_Latn": [
        ("https://www.wiadomosci-lokalne.example.pl/miasto/2025/01/nowy-park.html",
         "Nowy park na osiedlu otwarty dla mieszkańców", [
             "W sobotę otwarto nowy park na osiedlu Zielone Wzgórze. Na terenie o powierzchni trzech hektarów posadzono ponad czterysta drzew i krzewów, wytyczono alejki spacerowe oraz zbudowano plac zabaw i siłownię na świeżym powietrzu. Mieszkańcy od lat zabiegali o to, by w miejscu dawnego nieużytku powstała przestrzeń do wypoczynku.",
             "Prezydent miasta podkreślił, że park został zaprojektowany wspólnie z mieszkańcami, którzy w konsultacjach zgłosili swoje pomysły. Przy głównym wejściu stanęły stojaki na rowery i stacja naprawy rowerów. W przyszłym roku planowane jest jeszcze utworzenie ogrodu społecznego, w którym mieszkańcy będą mogli uprawiać warzywa i zioła."]),
        ("https://www.przepisy-babci.example.pl/zupy/zurek.html",
         "Żurek na zakwasie", [
             "Żurek to jedna z najbardziej znanych polskich zup, szczególnie popularna w okresie świąt wielkanocnych. Do jej przygotowania potrzebny jest pół litra zakwasu, biała kiełbasa, kawałek wędzonego boczku, kilka ziemniaków, cebula, czosnek, majeranek, a także jajka ugotowane na twardo.",
             "Kiełbasę i boczek gotuj w litrze wody przez około dwadzieścia minut, a następnie dodaj pokrojone ziemniaki. Gdy ziemniaki będą miękkie, wlej zakwas i dopraw zupę czosnkiem, majerankiem, solą i pieprzem. Żurek podawaj z pokrojoną kiełbasą i połówkami jajek, najlepiej z kromką świeżego chleba."]),
    ],
}

# Pages whose bytes are written in a legacy charset: (lang, url, title, paragraphs, codec, label, declared).
LEGACY = [
    ("deu_Latn", "https://www.dorfchronik.example.de/geschichte/alte-muehle.html",
     "Die Geschichte der alten Mühle", [
         "Die alte Mühle am Mühlbach wurde im Jahr 1732 erstmals urkundlich erwähnt. Über zweihundert Jahre lang mahlten hier die Bauern aus der Umgebung ihr Getreide. Das große Wasserrad, das heute wieder zu sehen ist, wurde nach alten Plänen von Freiwilligen aus Eichenholz nachgebaut.",
         "Nach dem Zweiten Weltkrieg lohnte sich der Betrieb nicht mehr, und die Mühle stand lange leer. Erst als der Verein für Ortsgeschichte das Gebäude übernahm, begann die sorgfältige Restaurierung. Heute ist die Mühle an jedem ersten Sonntag im Monat geöffnet, und Führungen für Schulklassen sind nach Vereinbarung möglich. Größere Gruppen melden sich bitte frühzeitig."],
     "cp1252", "windows-1252", "header"),
    ("fra_Latn", "https://www.patrimoine-vaudois.example.ch/eglises/chapelle-saint-eloi.html",
     "La chapelle Saint-Éloi", [
         "Perchée au-dessus du village, la chapelle Saint-Éloi est l'un des plus anciens édifices religieux de la vallée. Sa nef étroite et son clocher carré remontent probablement au douzième siècle. À l'intérieur, on découvre des fresques restaurées avec soin, qui représentent des scènes de la vie des bergers et des forgerons, dont saint Éloi était le patron.",
         "L'œuvre la plus remarquable reste le retable en bois sculpté, offert par une confrérie de marchands au début du seizième siècle. La chapelle est ouverte tous les jours de Pâques à la Toussaint. Des visites guidées, en français et en allemand, sont organisées chaque premier dimanche du mois. Le sentier qui y mène depuis la place du village est raide mais bien entretenu ; comptez vingt minutes de marche."],
     "cp1252", "windows-1252", "header"),
    ("jpn_Jpan", "https://www.furui-machinami.example.jp/rekishi/shukuba.html",
     "宿場町の歴史を歩く", [
         "この町は江戸時代、街道の宿場町として栄えました。当時は多くの旅人や商人が行き交い、通りの両側には旅籠や茶屋が軒を連ねていました。今でも古い町家が数多く残っており、格子戸や白い壁の建物が当時の雰囲気を伝えています。",
         "町の中心にある資料館では、宿場の暮らしを紹介する展示を見ることができます。本陣の跡地や古い道標など、見どころも多く、ゆっくり歩いても二時間ほどで回ることができます。春には桜、秋には紅葉が美しく、季節ごとに違った景色を楽しめます。",
             "毎年秋には、宿場の時代をしのぶ祭りが開かれ、旅人や町人の衣装を着た人々が通りを歩きます。地元の人たちが作る郷土料理の屋台も並び、遠くから訪れる観光客でにぎわいます。"],
     "shift_jis", "Shift_JIS", "meta"),
    ("cmn_Hani", "https://www.gushi-wang.example.cn/lishi/gu-qiao.html",
     "古镇石桥的故事", [
         "在江南水乡的一座古镇里，有一座建于明代的石拱桥。桥长二十多米，由青石砌成，桥身上刻着精美的莲花图案。几百年来，镇上的人们每天从桥上走过，去河对岸的集市买卖东西。据说当年修桥的钱，是镇上的百姓一点一点凑出来的。",
         "如今，古镇已经成为有名的旅游景点，每年都有许多游客专门来看这座石桥。每到傍晚，桥下的小船慢慢划过，两岸的灯笼亮起来，倒映在水里，景色十分迷人。当地政府近年对石桥进行了保护性修缮，并规定大型车辆不得通行。",
             "镇上的老人们常说，石桥见证了古镇几百年的兴衰。每年春节，镇上都会在桥头举行庙会，舞龙舞狮，热闹非凡。许多在外地工作的年轻人也会赶回家乡，和家人一起在桥上走一走，祈求来年平安顺利。"],
     "gb18030", "GB18030", "header"),
    ("rus_Cyrl", "https://www.starye-stranicy.example.ru/istoriya/vodonapornaya-bashnya.html",
     "История водонапорной башни", [
         "Водонапорная башня на холме у вокзала была построена в 1912 году по проекту местного инженера. Долгое время она снабжала водой паровозы и дома железнодорожников. Высота башни составляет двадцать восемь метров, а стены сложены из красного кирпича, который обжигали на заводе неподалёку.",
         "После того как паровозы сменились тепловозами, башня перестала использоваться и постепенно приходила в упадок. Несколько лет назад группа энтузиастов добилась её реставрации. Теперь внутри работает небольшой музей, а со смотровой площадки открывается вид на весь город и реку."],
     "koi8_r", "koi8-r", "header"),
    ("rus_Cyrl", "https://www.dachnik.example.ru/sovety/posadka-chesnoka.html",
     "Когда сажать озимый чеснок", [
         "Озимый чеснок сажают осенью, примерно за три-четыре недели до устойчивых заморозков. В средней полосе это обычно конец сентября или начало октября. Если посадить слишком рано, зубчики успеют прорасти и могут погибнуть зимой, а если слишком поздно, они не успеют укорениться.",
         "Для посадки выбирайте крупные здоровые зубчики без пятен и повреждений. Грядку лучше подготовить заранее, внести перегной и немного золы. Зубчики заглубляют на пять-шесть сантиметров, расстояние между ними около десяти сантиметров. После посадки грядку мульчируют соломой или опилками, чтобы защитить чеснок от морозов."],
     "cp1251", "windows-1251", "meta"),
]

# Exact duplicates: the same main text on several URLs with different boilerplate.
DUP_PRESS = ("deu_Latn", "Stadtbibliothek verlängert die Öffnungszeiten", [
    "Die Stadtbibliothek verlängert ab dem 1. März ihre Öffnungszeiten. Neu ist die Bibliothek von Dienstag bis Freitag jeweils bis 20 Uhr geöffnet, am Samstag durchgehend von 9 bis 17 Uhr. Damit reagiert die Bibliothek auf eine Umfrage aus dem vergangenen Herbst, in der sich viele Berufstätige längere Öffnungszeiten am Abend gewünscht hatten.",
    "Ermöglicht wird die Ausweitung durch eine neue Selbstausleihe, an der Medien ohne Hilfe des Personals ausgeliehen und zurückgegeben werden können. Die Beratung an der Theke bleibt zu den bisherigen Zeiten besetzt. Zusätzlich wird der Lesesaal im ersten Stock an den Abenden als ruhiger Arbeitsplatz für Studierende geöffnet.",
    "Die Leiterin der Bibliothek freut sich über die neuen Möglichkeiten: Die Bibliothek solle ein Ort für alle sein, nicht nur für jene, die tagsüber Zeit haben. Eine Evaluation ist nach einem Jahr vorgesehen."],
    ["https://www.stadtanzeiger.example.ch/kultur/bibliothek-oeffnungszeiten.html",
     "https://www.regionaljournal.example.de/nachrichten/stadtbibliothek-verlaengert.html",
     "https://presse.example.org/mitteilungen/2025-01-13-bibliothek.html"])

DUP_RECIPE = ("eng_Latn", "Simple Red Lentil Soup", [
    "This red lentil soup is the dish I make when the fridge is almost empty and everyone is hungry. You need one onion, two carrots, a thumb of ginger, a cup of red lentils, a can of chopped tomatoes and about five cups of vegetable stock. Everything else is optional, although a squeeze of lemon at the end makes a big difference.",
    "Chop the onion and carrots and cook them slowly in olive oil until soft, about ten minutes. Add the grated ginger, a teaspoon of cumin and a pinch of chili flakes and stir for another minute. Rinse the lentils, tip them into the pot with the tomatoes and stock, and simmer for twenty-five minutes until the lentils have completely fallen apart.",
    "Blend half of the soup and stir it back in, or leave it chunky if you prefer. Season with salt and lemon juice. It keeps for four days in the fridge and freezes well, so it is worth making a double batch."],
    ["https://www.homecooking.example.com/recipes/lentil-soup.html",
     "https://food.example.net/soups/simple-red-lentil-soup.html"])

# Near duplicates: (lang, title, paragraphs, [(url, [(old, new), ...]), ...]); the first variant is unchanged.
NEAR_BRIDGE = ("fra_Latn", "Le pont du canal fermé pour plusieurs semaines", [
    "Le pont du canal, qui relie les deux rives du quartier Saint-Martin, sera fermé à la circulation à partir de lundi pour une durée d'au moins huit semaines. Une inspection réalisée à la fin de l'automne a révélé des signes de corrosion sur plusieurs éléments de la structure métallique. Par mesure de précaution, les services techniques de la ville ont décidé d'interdire le passage des voitures et des camions, tandis que les piétons et les cyclistes pourront continuer à l'emprunter sur une voie protégée.",
    "Pour les automobilistes, le détour par le pont de la Gare rallongera le trajet de plusieurs minutes aux heures de pointe. Les lignes de bus 4 et 12 seront déviées et deux arrêts provisoires seront installés le long du quai. Les commerçants du quartier craignent une baisse de fréquentation et demandent que les travaux soient réalisés le plus rapidement possible.",
    "L'adjoint chargé des travaux a rappelé que le pont avait été construit il y a plus de cent ans et qu'il n'avait jamais fait l'objet d'une rénovation complète. Une réunion publique est prévue à la salle des fêtes afin de présenter le calendrier du chantier et de répondre aux questions des habitants. Les plans détaillés seront également affichés à l'entrée de la mairie."],
    [("https://journal.example.fr/societe/2025/01/pont-du-canal-ferme.html", []),
     ("https://actu-regionale.example.fr/locale/pont-du-canal-ferme-huit-semaines.html",
      [("à partir de lundi", "à partir de mardi"), ("au moins huit semaines", "au moins neuf semaines")])])

NEAR_COFFEE = ("spa_Latn", "Cafetera italiana de acero inoxidable", [
    "La cafetera italiana de acero inoxidable es el modo más sencillo de preparar en casa un café intenso y aromático, como el de toda la vida. Esta versión para seis tazas está fabricada con acero de alta calidad que no altera el sabor del café y es compatible con todo tipo de cocinas, incluidas las de inducción. El asa ergonómica no se calienta y permite servir con seguridad incluso cuando la cafetera está recién retirada del fuego.",
    "Para usarla, llena el depósito inferior con agua fría hasta la válvula, coloca el filtro con el café molido sin presionarlo y enrosca bien la parte superior. Pon la cafetera a fuego medio y retírala en cuanto empiece a borbotear. Recomendamos un molido medio, algo más grueso que el del espresso, para obtener el mejor resultado.",
    "La junta de silicona y el filtro se pueden sustituir fácilmente y están disponibles como recambio en nuestra tienda. Lava la cafetera solo con agua caliente, sin detergente, y sécala bien antes de guardarla. Se entrega en una caja de cartón reciclado con instrucciones en varios idiomas y dos años de garantía."],
    [("https://www.tienda-hogar.example.es/cafeteras/cafetera-italiana-6-tazas.html", []),
     ("https://www.ofertas-cocina.example.com/es/cafetera-italiana-acero.html",
      [("para seis tazas", "para nueve tazas"), ("y dos años de garantía", "y tres años de garantía")])])

# PII pages: (lang, url, title, paragraphs with {IBAN_...} placeholders, counts).
PII_PAGES = [
    ("eng_Latn", "https://forum.example.org/t/found-a-wallet-near-the-station/9021",
     "Found a wallet near the station", [
         "Hi everyone, I found a brown leather wallet on the bench outside the central station this morning. There is no cash in it, but there are a library card and a gym card with the name Jane Placeholder. If this is yours, or you know her, please write to me at finder.forum@example.org and describe the wallet so I know it is really yours.",
         "I have also told the station office, you can reach them on +41 44 555 01 23 during the day. Alternatively send a message to jane.placeholder@example.net if you are Jane and we can arrange a meeting point. I will keep the wallet safe until the end of the month and then hand it in at the lost property office of the police."],
     {"email": 2, "ip": 0, "iban": 0, "phone": 1}),
    ("deu_Latn", "https://www.verein-beispiel.example.ch/mitglieder/beitrag-2025.html",
     "Mitgliederbeitrag 2025", [
         "Liebe Mitglieder, der Jahresbeitrag für 2025 beträgt unverändert 60 Franken für Erwachsene und 20 Franken für Jugendliche. Bitte überweist den Betrag bis Ende März auf das Vereinskonto bei der Musterbank, IBAN {IBAN_CH_GROUPED}, lautend auf Turnverein Beispielwil.",
         "Wer aus Deutschland überweist, kann auch unser Zweitkonto verwenden: {IBAN_DE_COMPACT}. Bei Fragen zur Mitgliedschaft meldet euch bitte bei unserem Kassier Max Mustermann unter kassier@verein-beispiel.example.ch. Er ist auch für Adressänderungen und Austritte zuständig.",
         "Vielen Dank für eure Treue! Die Generalversammlung findet am Freitag, 14. März, um 19.30 Uhr im Saal des Restaurants Linde statt. Im Anschluss offeriert der Verein einen kleinen Imbiss."],
     {"email": 1, "ip": 0, "iban": 2, "phone": 0}),
    ("eng_Latn", "https://sysadmin.example.net/blog/2025/01/blocking-a-noisy-scanner.html",
     "Blocking a noisy scanner", [
         "Last week one of our web servers was hammered by a scanner that requested thousands of non-existent admin pages per minute. The log lines all came from 203.0.113.45, with a few bursts from 198.51.100.7 a little later. Both addresses belong to a hosting provider that did not answer our abuse report.",
         "We added both to the firewall block list and set up a rate limit of twenty requests per second per client. Our internal monitoring host at 192.0.2.200 now alerts us when a single client exceeds that limit for more than a minute. If you see similar traffic, feel free to contact me at ops-team@sysadmin.example.net and we can compare notes."],
     {"email": 1, "ip": 3, "iban": 0, "phone": 0}),
    ("eng_Latn", "https://www.accounting-tips.example.com/articles/spotting-fake-details.html",
     "How to spot made-up bank and network details", [
         "Not every string that looks like an account number is one. A test record in our training material contains the account CH00 1234 5678 9012 3456 7, which fails the check digit test, and a fake server address of 999.300.12.1, which cannot exist because each part of an address stays below 256. Both are useful for showing trainees what invalid data looks like.",
         "Version strings are another common source of confusion: our invoicing tool is at release 4.12.7 and the database at 16.2, neither of which is a network address. Likewise a phrase like info at example dot org is not an address a program can send mail to. None of the examples on this page refer to real people or real accounts."],
     {"email": 0, "ip": 0, "iban": 0, "phone": 0}),
]

TOXIC_PAGES = [
    ("eng_Latn", "https://forum.example.org/t/that-referee-last-night/9100", "That referee last night", [
        "What an idiot. Seriously, that referee is the most stupid person I have ever seen on a pitch. Two clear penalties and he waves play on like a clueless moron. Whoever gave this guy a whistle should be fired, this is damn embarrassing for the whole league.",
        "And the people defending him in the other thread are just as dumb. Shut up and watch the replay, you idiots. I am so sick of this crap every single weekend. The whole officiating team is a bunch of useless clowns and everybody knows it."]),
    ("eng_Latn", "https://forum.example.org/t/neighbor-and-his-leaf-blower/9133", "My neighbor and his leaf blower", [
        "My neighbor is a complete jerk. Every Sunday at seven in the morning this stupid asshole starts his leaf blower right under our bedroom window. I asked him nicely twice and he just laughed at me. What the hell is wrong with people like that?",
        "Next time I am going to tell him exactly what I think of him and his stupid fucking machine. Honestly I am done being polite to that idiot. If anyone has advice that does not involve calling the police, I would love to hear it, because this shit has to stop."]),
    ("deu_Latn", "https://www.kommentare.example.de/artikel/4411-parkgebuehren.html", "Kommentare: Neue Parkgebühren in der Innenstadt", [
        "Was für ein Schwachsinn. Wer sich diese neuen Parkgebühren ausgedacht hat, ist ein kompletter Idiot. Die Leute im Rathaus haben offensichtlich keine Ahnung, wie es ist, jeden Tag zur Arbeit zu pendeln. So eine Scheiße habe ich selten gelesen.",
        "Antwort: Halt doch einfach die Klappe, du Depp. Wenn dir die Gebühren nicht passen, nimm den Bus wie alle anderen auch. Immer dieses dumme Gejammer von Leuten, die zu faul sind, zehn Minuten zu laufen. Unglaublich, wie blöd manche Kommentare hier sind."]),
]

# Small pages for the broken file: (url, title, paragraph).
BROKEN_PAGES = [
    ("https://wetter-tagebuch.example.de/2025/01/06.html", "Wetter am 6. Januar",
     "Am Morgen lag leichter Schnee auf den Dächern, gegen Mittag setzte Tauwetter ein. Die Temperaturen stiegen bis auf vier Grad, am Abend zog aus Westen Regen auf. Auf den Straßen im Hügelland war es zeitweise glatt, der Winterdienst war die ganze Nacht unterwegs."),
    ("https://wetter-tagebuch.example.de/2025/01/07.html", "Wetter am 7. Januar",
     "Ein grauer Tag mit anhaltendem Nieselregen und kaum Wind. Die Sonne zeigte sich nur kurz am späten Nachmittag zwischen zwei Wolkenbänken. Am Pegel des Flusses stieg das Wasser leicht an, blieb aber deutlich unter der Warnstufe."),
    ("https://wetter-tagebuch.example.de/2025/01/08.html", "Wetter am 8. Januar",
     "Kräftiger Föhn sorgte in den Tälern für ungewöhnlich milde Temperaturen bis zwölf Grad. In den Höhenlagen wurden Böen von über hundert Kilometern pro Stunde gemessen, mehrere Bergbahnen stellten den Betrieb vorübergehend ein."),
    ("https://weather-diary.example.org/2025/01/09.html", "Weather on January 9",
     "A cold front crossed the region overnight and brought a sharp drop in temperature. By the morning the puddles had frozen and the hills were dusted with fresh snow. Skies cleared in the afternoon, giving a bright but bitterly cold evening."),
    ("https://weather-diary.example.org/2025/01/10.html", "Weather on January 10",
     "High pressure settled over the valley and fog formed along the river before dawn. It lifted slowly during the late morning, revealing blue skies and a weak winter sun. Frost returned quickly after sunset."),
    ("https://weather-diary.example.org/2025/01/11.html", "Weather on January 11",
     "Clouds thickened during the day ahead of a warm front, and light rain began in the evening. Winds picked up from the south-west, and the temperature stayed above freezing throughout the night for the first time this week."),
    ("https://weather-diary.example.org/2025/01/12.html", "Weather on January 12",
     "Showery rain alternated with short sunny spells. A rainbow appeared over the lake around noon. Forecasters expect a calmer and slightly colder start to the next week, with a chance of snow showers on higher ground."),
    ("https://weather-diary.example.org/2025/01/13.html", "Weather on January 13",
     "A quiet, overcast Monday with temperatures close to five degrees. The river level fell back after the weekend rain, and the footpath along the bank reopened in the afternoon after a short closure."),
    ("https://weather-diary.example.org/2025/01/14.html", "Weather on January 14",
     "Freezing fog lingered all day in low-lying areas, coating trees and fences in a thick layer of rime. Above the fog, on the hills, walkers enjoyed sunshine and unusually clear views of the distant mountains."),
]

# Texts for the JSON Lines fixtures that are not taken from the pages.
HUGE_PARAGRAPH = (
    "Dieses Kapitel der Gesamtausgabe wiederholt sich, weil die Archivsoftware beim Export jede Seite "
    "mehrfach an die Datei angehängt hat. Der Text beschreibt die Entwicklung des Dorfes von den ersten "
    "Höfen am Bach bis zur Eröffnung der Eisenbahnlinie, die Handwerker, Händler und Gäste in das Tal brachte.")

LOREM_WORDS = (
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
    "et dolore magna aliqua enim minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea "
    "commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur "
    "excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
    "laborum cheap best deals free shipping top rated online buy now").split()

# Documents of the FineWeb-shaped Parquet fixture (already text, as in FineWeb): (lang, url, text).
# Written for this project; none of them repeats a page above (the demo's dedup must not join them).
PARQUET_DOCS = [
    ("eng_Latn", "https://garden-notes.example.org/2024/03/sowing-tomatoes-indoors.html",
     "Sowing tomatoes indoors in early March gives the plants enough time to grow strong before they move outside in May. "
     "Fill small pots with a fine seed compost, press two seeds into each pot about half a centimetre deep and keep them "
     "on a warm windowsill. Once the seedlings have their first true leaves, remove the weaker one and turn the pots every "
     "day so that the stems grow straight. Water from below to avoid fungus on the surface, and start hardening the young "
     "plants off on mild afternoons about two weeks before planting them out."),
    ("eng_Latn", "https://library-friends.example.org/news/2024/repair-cafe.html",
     "The monthly repair café in the basement of the public library has become one of the busiest events in town. "
     "Volunteers with backgrounds in electronics, tailoring and woodwork help visitors fix toasters, lamps, jackets and "
     "wobbly chairs instead of throwing them away. Last Saturday more than forty people brought something along, and "
     "about two thirds of the items left the room working again. The organisers are looking for more helpers who know "
     "how to repair bicycles and coffee machines, which are the most common requests."),
    ("eng_Latn", "https://hill-walkers.example.org/routes/ridge-loop.html",
     "The ridge loop starts at the car park next to the old quarry and climbs steadily through a pine plantation before "
     "reaching open moorland. From the cairn at the top there are wide views over three valleys on a clear day. The "
     "descent follows a stony track that can be slippery after rain, so good boots are essential. Allow about four hours "
     "for the whole walk, including a short break at the stone shelter halfway along the ridge, and carry a map because "
     "the paths are not signposted."),
    ("deu_Latn", "https://vereinsleben.example.de/chor/jahreskonzert.html",
     "Der gemischte Chor lädt am ersten Adventssonntag zu seinem Jahreskonzert in die reformierte Kirche ein. Auf dem "
     "Programm stehen Werke aus vier Jahrhunderten, von schlichten Volksliedern bis zu einer anspruchsvollen Motette, "
     "die der Chor seit dem Sommer jeden Donnerstagabend geprobt hat. Begleitet wird er von einem kleinen Streichensemble "
     "aus der Musikschule. Der Eintritt ist frei, die Kollekte kommt der Renovation der Orgel zugute. Nach dem Konzert "
     "offeriert der Verein im Kirchgemeindehaus Glühwein, Tee und selbst gebackene Guetzli."),
    ("deu_Latn", "https://werkstatt-tipps.example.at/holz/schneidebrett-pflegen.html",
     "Ein Schneidebrett aus Holz hält viele Jahre, wenn man es richtig pflegt. Nach dem Gebrauch sollte es nur mit warmem "
     "Wasser und wenig Spülmittel gereinigt und danach aufrecht getrocknet werden, damit sich das Holz nicht verzieht. In "
     "die Spülmaschine gehört es auf keinen Fall. Etwa einmal im Monat reibt man das Brett dünn mit einem lebensmittelechten "
     "Öl ein und lässt es über Nacht einziehen. Tiefe Kerben lassen sich mit feinem Schleifpapier glätten, bevor man das "
     "Brett erneut ölt."),
    ("fra_Latn", "https://marche-local.example.fr/actualites/nouveaux-horaires.html",
     "Le marché couvert de la place de la Gare adopte de nouveaux horaires à partir du mois prochain. Les producteurs "
     "seront présents le mercredi de huit heures à midi et le samedi de sept heures à quatorze heures. La municipalité "
     "espère ainsi attirer davantage de familles, qui trouvaient le marché du samedi trop court. Une dizaine de nouveaux "
     "stands proposeront des fromages de chèvre, du pain au levain et des légumes anciens cultivés dans les fermes des "
     "environs, tous situés à moins de trente kilomètres."),
    ("ita_Latn", "https://cucina-di-casa.example.it/ricette/minestrone-invernale.html",
     "Il minestrone invernale è un piatto semplice che cambia a seconda di ciò che offre l'orto. Si comincia con un "
     "soffritto leggero di cipolla, sedano e carota, poi si aggiungono patate, zucca e cavolo nero tagliati a pezzi. Dopo "
     "mezz'ora di cottura lenta si uniscono i fagioli borlotti già lessati e una manciata di pasta corta. Prima di "
     "servire conviene lasciarlo riposare qualche minuto e completare ogni piatto con un filo d'olio extravergine e una "
     "spolverata di formaggio grattugiato."),
    ("spa_Latn", "https://bici-ciudad.example.es/consejos/candado.html",
     "Elegir un buen candado es la mejor manera de evitar que te roben la bicicleta en la ciudad. Los candados en forma "
     "de U son más resistentes que los de cable, aunque pesan un poco más. Lo ideal es atar el cuadro y la rueda trasera "
     "a un soporte fijo, en un lugar bien iluminado y con gente alrededor. También conviene anotar el número de serie del "
     "cuadro y guardar una foto de la bicicleta, porque facilita mucho la denuncia y la recuperación si llega a "
     "desaparecer."),
]
