; Inno Setup script: turns dist\InfuseCalc (built on Windows by `python packaging\build.py`)
; into a per-machine installer with a Start-menu entry and an uninstaller.
; Build on Windows with Inno Setup 6:  iscc packaging\infusecalc.iss
; It cannot be built on the Linux machines this project is developed on; nothing in it reaches
; the network, and the installer runs nothing after copying the files.

#define AppName "InfuseCalc"
; Pass the version being packaged: iscc /DAppVersion=0.1.0 packaging\infusecalc.iss
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C1E2B0A-3F7D-4C55-9A0E-1190B0707307}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Union Hospital, Wuhan - NCT07470073
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=infusecalc-{#AppVersion}-windows-x86_64-setup
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\InfuseCalc.exe
DisableProgramGroupPage=yes

[Files]
Source: "..\dist\InfuseCalc\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\InfuseCalc.exe"
Name: "{group}\{#AppName} self-test"; Filename: "{cmd}"; Parameters: "/k ""{app}\InfuseCalc-cli.exe"" --self-test"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
