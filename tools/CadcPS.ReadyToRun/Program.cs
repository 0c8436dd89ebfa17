// Nothing to run: this project exists to publish the module's libraries with ReadyToRun code (see the .csproj).
return 0;
