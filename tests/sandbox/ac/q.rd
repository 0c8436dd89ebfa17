<?xml version="1.0" encoding="utf-8"?>
<!-- CadcPS sandbox: the part of CADC's access-control service (ivo://cadc.nrc.ca/gms, opencadc/ac) a
     client needs to verify a login: whoami (UMS#whoami-0.1). DaCHS checks the HTTP Basic credentials
     against its own user table (the account setup.sh creates) and answers 401 with a Basic challenge
     when they are missing or wrong (limitTo below). CADC's whoami also takes cookies, tokens and certificates and
     answers with a user document; this one answers a one-row VOTable with the user name. -->
<resource schema="ac" resdir="ac">
  <meta name="title">CadcPS sandbox access control</meta>
  <meta name="description">Who is calling: the user name of valid HTTP Basic credentials.</meta>
  <meta name="creationDate">2026-11-25T00:00:00</meta>
  <meta name="subject">virtual-observatories</meta>

  <!-- limitTo: DaCHS itself answers 401 + Basic challenge unless the credentials are valid and the
       user is in the group (setup.sh puts every sandbox account into it). -->
  <service id="whoami" allowed="api" limitTo="cadcusers">
    <meta name="title">Who am I</meta>
    <pythonCore>
      <inputTable/>
      <outputTable>
        <outputField name="username" type="text" description="The authenticated user"/>
      </outputTable>
      <coreProc>
        <code>
          user = queryMeta["user"]
          if isinstance(user, bytes):
            user = user.decode("utf-8")
          return rsc.TableForDef(self.outputTable, rows=[{"username": user}])
        </code>
      </coreProc>
    </pythonCore>
  </service>
</resource>
