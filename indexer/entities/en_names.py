"""English-script given names (derived resource) that keep 'George', 'Robert' from being places.

Given names that open two or more multi-word person names in CoNLL-2003 eng.train (country
names removed); used only to veto place readings, never to make person ids.
"""

from __future__ import annotations

EN_FIRST_NAMES: frozenset[str] = frozenset("""
Aamir Aaron Abdul Abu Adam Adel Adrian Agnieszka Ahmed Alain Alan Albert Alberto Alec
Alejandro Aleksander Aleksandra Alessandro Alex Alexander Alexandra Alexandre Alexei Alfred
Ali Alistair Aliuska Allan Allen Ally Amanda Amr Amy Anders Andre Andrea Andreas Andrei
Andrew Andy Angel Angeles Anke Ann Anna Annabel Anne Annett Anthony Antoine Anton Antonio
Arantxa Aravinda Arjuna Arnaud Arnold Arthur Artur Asa Asanka Asif Aslan Ato Banharn Barbara
Barry Begum Benazir Benjamin Bernard Bernd Bernhard Bill Billy Bob Bobby Bohdan Boris
Boutros Brad Brady Brenda Brett Brian Brigita Bruno Burhanuddin Byron Cal Carl Carlo Carlos
Carol Cathy Cecil Cedric Chaminda Chandra Charles Chris Christian Christine Christophe
Christopher Chuck Clarence Colin Conchita Corey Costantino Costas Costis Craig Cristina
Curtis Dally Damon Dan Daniel Danny Dariusz Darren Dave Davey David Davidson Davis Dean
Debbie Dejan Dennis Denny Derek Derrick Des Desmond Devon Dick Diego Dieter Dimitrios
Dimitris Dionne Dirk Dmitry Domingos Dominic Don Donald Donovan Dos Doug Duffy Duncan Eamonn
Ebe Eddie Edgar Edouard Eduardo Edward Edwin Eefje Ejup Elena Els Emanuele Emilio Emmanuel
Enn Eric Erik Ernie Eugen Evelyn Ezer Fabien Falilat Fatima Federico Felicia Felix Fernando
Filip Florencia Francesco Francis Francisco Frank Frankie Franz Fred Frederic Gabriel
Gabriela Gail Galina Galo Garry Gary Gaston Gavin Gennadi George Georges Gerard Gerhard
Gianluca Gianni Gilbert Giovanni Glen Glenn Glyn Goran Gordon Goulnara Graeme Graham Grant
Greg Gregory Guillaume Gulbuddin Guus Guy Gwen Hal Hans Hassan Heiko Helena Helmut Henri
Henrietta Henry Herman Hermawan Hernan Herschelle Herve Hever Hicham Hidemichi Hillary Hosni
Howard Hristo Humberto Hurte Ian Ieng Ijaz Ilie Imran Ines Inez Ingrid Irina Isaac Ismail
Itamar Iva Ivan Jacek Jack Jackie Jacob Jacqueline Jacques Jaime Jakob Jalal James Jamie Jan
Jana Jane Jans Jansher Jared Jarmo Jason Javier Jay Jean Jeff Jennifer Jens Jeremy Jeroen
Jerome Jerry Jesse Jetsi Jetty Jiang Jim Jimmy Jimy Jiri Joakim Joao Joel Johan John Johnny
Jon Jonas Jonathan Jonathon Joost Jordi Jorge Jos Jose Joseph Juan Judith Juergen Juha Julia
Julian Julie Juliet Julio Justin Karem Karim Karin Karina Karl Karol Karsten Kaspars
Katarina Kathy Keith Ken Kenneth Kenny Kevin Kim Kimberly Kimiko King Klas Klaus Klimis Kris
Kristie Kristina Krzysztof Kumara Kurt Lance Lansana Larry Laurence Laurent Leander Lee
Lennart Leon Les Liam Linda Lindsay Linford Lisa Liu Lloyd Loren Louis Louise Luc Luciano
Ludmila Luis Luke Luo Maarten Magali Magdalena Magnus Malcolm MaliVai Marc Marcel Marcelo
Marcin Marco Marcos Marcus Margaret Maria Mariaan Mariano Marina Mario Mark Markus Martin
Martina Marty Mary Massoud Mats Matt Matthew Matthias Maureen Max Megawati Melanie Melissa
Merlene Michael Michel Michele Michelle Miguel Mika Mikael Mike Miles Milinko Miltiadis Mind
Mir Mirhunisa Miriam Misael Mohamed Mohammad Mohammed Moin Monica Mother Mushtaq Mustapha
Muthiah Nana Naoko Natalia Natalya Natasha Nathalie Nawaz Necmettin Neil Nelson Newt
Nicholas Nick Nicklas Nicky Nicolas Nicole Noriyuki Nuour Oksana Olaf Olga Oliver Olivier
Omar Omer Ong Orlando Oscar Osmond Ove Pablo Padraig Paola Pascal Pat Patrice Patricia
Patrick Paul Pauline Paulo Pedro Pete Peter Petr Petra Phil Philip Pier Pierre Pol Prince
Radka Rafael Ramon Randy Raphael Ravindra Ray Raymond Rene Renzo Retief Ricardo Richard
Richey Ricky Rita Robbie Robert Roberto Rodney Roger Rolf Romano Romesh Ronald Ronan Ronnie
Roshan Ross Roy Ruben Rubens Rudi Rudolf Rui Rupert Russell Rusty Ruth Ruxandra Ryszard
Ryutaro Sabine Sachin Saddam Saeed Salah Salim Sally Sam Sameh Sammy Samuel Sanath Sanchez
Sandon Sandra Sandrine Saqlain Sarah Satoshi Scott Sean Sebastien Seiki Sergei Sergi Seve
Shadab Shane Shaun Shayne Shimon Shuzo Silke Silvio Simon Siraj Sjeng Soren Spot Stefan
Stefano Steffen Steffi Stephane Stephen Steve Steven Stewart Stuart Suleyman Susan Sven
Svetlana Takuma Tami Tang Tansu Tanya Tatyana Terry Thierry Thomas Tim Tina Todd Tom Tomas
Tommi Tommy Tony Troy Ukyo Van Viktor Vince Vincent Vinny Violeta Vladimir Vyacheslav Wally
Wang Waqar Wasim Wataru Wayne Werner Will William Willie Wim Wolfgang Xavier Yasser Yasushi
Yayuk Yevgeny Yone Younes Zhang Zinzan Zubair
""".split())
